/*
 * ws.c - opening, creating and migrating the workspace (see ws.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "status.h"
#include "ws.h"

/*
 * Version 1. Narrow tables first: verify reads roll and support for every
 * support, so names and card numbers of the roll live in roll_datos.
 */
static const char schema_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE status(code TEXT PRIMARY KEY, orden INTEGER NOT NULL,"
	" categoria TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE rules(cargo TEXT PRIMARY KEY, porcentaje TEXT NOT NULL,"
	" unidad TEXT NOT NULL, unidades_minimas TEXT NOT NULL,"
	" porcentaje_unidad TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE geo(entidad INTEGER NOT NULL, seccion INTEGER NOT NULL,"
	" distrito_federal INTEGER NOT NULL, distrito_local INTEGER NOT NULL,"
	" municipio INTEGER NOT NULL, lista_nominal INTEGER NOT NULL, padron INTEGER,"
	" entidad_nombre TEXT, municipio_nombre TEXT,"
	" PRIMARY KEY(entidad, seccion)) WITHOUT ROWID;\n"
	"CREATE TABLE roll(clave_elector TEXT PRIMARY KEY, situacion INTEGER NOT NULL,"
	" entidad INTEGER NOT NULL, seccion INTEGER NOT NULL, emision INTEGER,"
	" vigencia INTEGER, motivo_baja TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE roll_datos(clave_elector TEXT PRIMARY KEY, nombre TEXT,"
	" apellido_paterno TEXT, apellido_materno TEXT, cic TEXT, ocr TEXT, curp TEXT,"
	" fecha_nacimiento TEXT, sexo TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE aspirant(id TEXT PRIMARY KEY, nombre TEXT NOT NULL,"
	" cargo TEXT NOT NULL, entidad INTEGER, distrito_federal INTEGER,"
	" distrito_local INTEGER, municipio INTEGER, inicio TEXT NOT NULL,"
	" fin TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE support(n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
	" aspirante TEXT, auxiliar TEXT, fecha_captura TEXT, instante INTEGER,"
	" fecha_local TEXT, clave_elector TEXT, nombre TEXT, apellido_paterno TEXT,"
	" apellido_materno TEXT, cic TEXT, ocr TEXT, emision TEXT, vigencia TEXT,"
	" seccion TEXT, mrz TEXT, frente TEXT, reverso TEXT, foto TEXT, firma TEXT,"
	" modalidad TEXT, origen TEXT, linea INTEGER, recibido TEXT NOT NULL,"
	" estatus TEXT NOT NULL DEFAULT 'pendiente', motivos TEXT NOT NULL DEFAULT '',"
	" verificado TEXT);\n"
	/* Covers what verify reads, in the duplicate rules' order (verify.h). */
	"CREATE INDEX support_clave ON support(clave_elector, instante, id, aspirante,"
	" fecha_local, emision);\n"
	"CREATE TABLE status_history(support INTEGER NOT NULL, anterior TEXT NOT NULL,"
	" nuevo TEXT NOT NULL, momento TEXT NOT NULL, comando TEXT NOT NULL);\n"
	"CREATE INDEX status_history_support ON status_history(support);\n"
	"CREATE TABLE import_log(n INTEGER PRIMARY KEY, tipo TEXT NOT NULL,"
	" archivo TEXT NOT NULL, momento TEXT NOT NULL, leidos INTEGER NOT NULL,"
	" importados INTEGER NOT NULL, sin_cambio INTEGER NOT NULL,"
	" actualizados INTEGER NOT NULL, rechazados INTEGER NOT NULL);\n"
	"CREATE VIEW roll_v AS SELECT r.clave_elector, CASE r.situacion"
	" WHEN 1 THEN 'lista_nominal' WHEN 2 THEN 'padron' ELSE 'baja' END AS situacion,"
	" r.entidad, r.seccion, r.emision, r.vigencia, r.motivo_baja, d.nombre,"
	" d.apellido_paterno, d.apellido_materno, d.cic, d.ocr, d.curp,"
	" d.fecha_nacimiento, d.sexo FROM roll r LEFT JOIN roll_datos d USING(clave_elector);\n";

/*
 * Version 2: signed packages (apoyo-package(5)). Registered auxiliaries,
 * the provenance of each support that arrived in a package, and two
 * support columns that capture fills: the CURP and the capture flags
 * (failed MRZ and CURP checks, space-separated). The images themselves
 * live in a sibling file, WORKSPACE-images.db (src/images.h).
 */
static const char schema_v2[] =
	"ALTER TABLE support ADD COLUMN curp TEXT;\n"
	"ALTER TABLE support ADD COLUMN banderas TEXT NOT NULL DEFAULT '';\n"
	"CREATE TABLE auxiliary(id TEXT PRIMARY KEY, aspirante TEXT NOT NULL,"
	" nombre TEXT NOT NULL, clave_publica TEXT NOT NULL, llave TEXT NOT NULL UNIQUE,"
	" registrado TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE support_package(support INTEGER PRIMARY KEY, lote TEXT NOT NULL,"
	" registro INTEGER NOT NULL, huella TEXT NOT NULL, firmante TEXT NOT NULL,"
	" importado TEXT NOT NULL);\n"
	"CREATE INDEX support_package_lote ON support_package(lote);\n";

/*
 * Version 3 (image checks): support.imagenes (1 when the support must carry
 * its four images), the measures of each distinct image (by content and
 * role), each support's image verdicts, thresholds that override the
 * built-in defaults, and the mesa de control: reviewers' decisions (never
 * deleted; a changed one points at its replacement) and the samples.
 * Self-contained, so that it can be renumbered when merged.
 */
static const char schema_v3_images[] =
	"ALTER TABLE support ADD COLUMN imagenes INTEGER NOT NULL DEFAULT 0;\n"
	"CREATE TABLE image_measure(hash TEXT NOT NULL, rol TEXT NOT NULL,"
	" decodifica TEXT NOT NULL, ancho INTEGER, alto INTEGER, canales INTEGER,"
	" tarjeta INTEGER, lado REAL, proporcion REAL, color REAL, nitidez REAL,"
	" brillo REAL, oscuros REAL, claros REAL, tinta REAL, phash INTEGER,"
	" phash_retrato INTEGER, medido TEXT NOT NULL,"
	" PRIMARY KEY(hash, rol)) WITHOUT ROWID;\n"
	"CREATE TABLE image_check(support INTEGER NOT NULL, rol TEXT NOT NULL,"
	" valor TEXT, hash TEXT, banderas TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY(support, rol)) WITHOUT ROWID;\n"
	"CREATE INDEX image_check_hash ON image_check(hash, rol);\n"
	"CREATE TABLE image_threshold(rol TEXT NOT NULL, medida TEXT NOT NULL,"
	" minimo REAL, maximo REAL, PRIMARY KEY(rol, medida)) WITHOUT ROWID;\n"
	"CREATE TABLE review_decision(n INTEGER PRIMARY KEY,"
	" support INTEGER NOT NULL, decision TEXT NOT NULL, subtipo TEXT,"
	" revisor TEXT NOT NULL, momento TEXT NOT NULL, nota TEXT,"
	" reemplazada_por INTEGER);\n"
	"CREATE INDEX review_decision_support ON review_decision(support);\n"
	"CREATE TABLE review_sample(aspirante TEXT PRIMARY KEY,"
	" tamano INTEGER NOT NULL, semilla TEXT NOT NULL, momento TEXT NOT NULL,"
	" revision_completa INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;\n"
	"CREATE TABLE review_sample_member(aspirante TEXT NOT NULL,"
	" support INTEGER NOT NULL, PRIMARY KEY(aspirante, support)) WITHOUT ROWID;\n";

/*
 * Version 4 (speed at national scale): what verify decides moves out of
 * the wide support rows into the narrow verdict table, one row per
 * support (kept so by triggers), with the citizen's roll sección, so that
 * verify rewrites only narrow rows and tally reads nothing else. The wide
 * table becomes support_data; the view support keeps every documented
 * column, in the order it had, and lets estatus, motivos and verificado
 * be updated. Self-contained, so that it can be renumbered when merged.
 */
static const char schema_v4_verdict[] =
	"ALTER TABLE support RENAME TO support_data;\n"
	"CREATE TABLE verdict(n INTEGER PRIMARY KEY, aspirante TEXT,"
	" estatus TEXT NOT NULL DEFAULT 'pendiente',"
	" motivos TEXT NOT NULL DEFAULT '', verificado TEXT,"
	" entidad INTEGER, seccion INTEGER);\n"
	"INSERT INTO verdict(n, aspirante, estatus, motivos, verificado,"
	" entidad, seccion) SELECT s.n, s.aspirante, s.estatus, s.motivos,"
	" s.verificado, r.entidad, r.seccion FROM support_data s"
	" LEFT JOIN roll r ON r.clave_elector = s.clave_elector"
	" AND s.estatus <> 'pendiente' ORDER BY s.n;\n"
	"ALTER TABLE support_data DROP COLUMN estatus;\n"
	"ALTER TABLE support_data DROP COLUMN motivos;\n"
	"ALTER TABLE support_data DROP COLUMN verificado;\n"
	"CREATE TRIGGER support_data_insert AFTER INSERT ON support_data BEGIN"
	" INSERT INTO verdict(n, aspirante) VALUES (new.n, new.aspirante);"
	" END;\n"
	"CREATE TRIGGER support_data_aspirante AFTER UPDATE OF aspirante"
	" ON support_data BEGIN UPDATE verdict SET aspirante = new.aspirante"
	" WHERE n = new.n; END;\n"
	"CREATE TRIGGER support_data_delete AFTER DELETE ON support_data BEGIN"
	" DELETE FROM verdict WHERE n = old.n; END;\n"
	"CREATE VIEW support AS SELECT d.n, d.id, d.aspirante, d.auxiliar,"
	" d.fecha_captura, d.instante, d.fecha_local, d.clave_elector,"
	" d.nombre, d.apellido_paterno, d.apellido_materno, d.cic, d.ocr,"
	" d.emision, d.vigencia, d.seccion, d.mrz, d.frente, d.reverso,"
	" d.foto, d.firma, d.modalidad, d.origen, d.linea, d.recibido,"
	" ifnull(v.estatus, 'pendiente') AS estatus,"
	" ifnull(v.motivos, '') AS motivos, v.verificado, d.curp, d.banderas,"
	" d.imagenes FROM support_data d LEFT JOIN verdict v ON v.n = d.n;\n"
	"CREATE TRIGGER support_insert INSTEAD OF INSERT ON support BEGIN"
	" INSERT INTO support_data(n, id, aspirante, auxiliar, fecha_captura,"
	" instante, fecha_local, clave_elector, nombre, apellido_paterno,"
	" apellido_materno, cic, ocr, emision, vigencia, seccion, mrz, frente,"
	" reverso, foto, firma, modalidad, origen, linea, recibido, curp,"
	" banderas, imagenes) VALUES (new.n, new.id, new.aspirante,"
	" new.auxiliar, new.fecha_captura, new.instante, new.fecha_local,"
	" new.clave_elector, new.nombre, new.apellido_paterno,"
	" new.apellido_materno, new.cic, new.ocr, new.emision, new.vigencia,"
	" new.seccion, new.mrz, new.frente, new.reverso, new.foto, new.firma,"
	" new.modalidad, new.origen, new.linea, new.recibido, new.curp,"
	" ifnull(new.banderas, ''), ifnull(new.imagenes, 0));"
	" UPDATE verdict SET estatus = ifnull(new.estatus, 'pendiente'),"
	" motivos = ifnull(new.motivos, ''), verificado = new.verificado"
	" WHERE n = last_insert_rowid(); END;\n"
	"CREATE TRIGGER support_update INSTEAD OF UPDATE ON support BEGIN"
	" UPDATE support_data SET id = new.id, aspirante = new.aspirante,"
	" auxiliar = new.auxiliar, fecha_captura = new.fecha_captura,"
	" instante = new.instante, fecha_local = new.fecha_local,"
	" clave_elector = new.clave_elector, nombre = new.nombre,"
	" apellido_paterno = new.apellido_paterno,"
	" apellido_materno = new.apellido_materno, cic = new.cic,"
	" ocr = new.ocr, emision = new.emision, vigencia = new.vigencia,"
	" seccion = new.seccion, mrz = new.mrz, frente = new.frente,"
	" reverso = new.reverso, foto = new.foto, firma = new.firma,"
	" modalidad = new.modalidad, origen = new.origen, linea = new.linea,"
	" recibido = new.recibido,"
	" curp = new.curp, banderas = new.banderas, imagenes = new.imagenes"
	" WHERE n = old.n;"
	" INSERT INTO verdict(n, aspirante, estatus, motivos, verificado)"
	" VALUES (old.n, new.aspirante, new.estatus, new.motivos,"
	" new.verificado) ON CONFLICT(n) DO UPDATE SET"
	" aspirante = excluded.aspirante, estatus = excluded.estatus,"
	" motivos = excluded.motivos, verificado = excluded.verificado; END;\n"
	"CREATE TRIGGER support_delete INSTEAD OF DELETE ON support BEGIN"
	" DELETE FROM support_data WHERE n = old.n; END;\n";

/*
 * Version 5: roll_datos becomes a rowid table that roll points at
 * (roll.datos = roll_datos.n) instead of a second table keyed by the
 * clave. A fresh roll load can then write the names and card data in
 * the order it reads them, while the narrow roll rows are being sorted,
 * and the clave is no longer stored twice. Existing rows are numbered in
 * clave order.
 */
static const char schema_v5_roll_datos[] =
	"DROP VIEW roll_v;\n"
	"ALTER TABLE roll_datos RENAME TO roll_datos_v4;\n"
	"CREATE TABLE roll_datos(n INTEGER PRIMARY KEY, nombre TEXT,"
	" apellido_paterno TEXT, apellido_materno TEXT, cic TEXT, ocr TEXT,"
	" curp TEXT, fecha_nacimiento TEXT, sexo TEXT);\n"
	"INSERT INTO roll_datos(n, nombre, apellido_paterno, apellido_materno,"
	" cic, ocr, curp, fecha_nacimiento, sexo)"
	" SELECT row_number() OVER (ORDER BY clave_elector), nombre,"
	" apellido_paterno, apellido_materno, cic, ocr, curp, fecha_nacimiento,"
	" sexo FROM roll_datos_v4;\n"
	"ALTER TABLE roll ADD COLUMN datos INTEGER;\n"
	"UPDATE roll SET datos = d.n FROM (SELECT clave_elector,"
	" row_number() OVER (ORDER BY clave_elector) AS n FROM roll_datos_v4)"
	" AS d WHERE d.clave_elector = roll.clave_elector;\n"
	"DROP TABLE roll_datos_v4;\n"
	"CREATE VIEW roll_v AS SELECT r.clave_elector, CASE r.situacion"
	" WHEN 1 THEN 'lista_nominal' WHEN 2 THEN 'padron' ELSE 'baja' END"
	" AS situacion, r.entidad, r.seccion, r.emision, r.vigencia,"
	" r.motivo_baja, d.nombre, d.apellido_paterno, d.apellido_materno,"
	" d.cic, d.ocr, d.curp, d.fecha_nacimiento, d.sexo"
	" FROM roll r LEFT JOIN roll_datos d ON d.n = r.datos;\n";

/* Each entry upgrades from version i to i + 1; index 0 creates version 1. */
static const char *const migrations[] = { schema_v1, schema_v2,
					  schema_v3_images, schema_v4_verdict,
					  schema_v5_roll_datos };
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == WS_SCHEMA_VERSION,
	       "one migration per schema version");

const char *ws_default_path(const char *from_option)
{
	const char *env = getenv("APOYO_WORKSPACE");

	if (from_option && *from_option)
		return from_option;
	if (env && *env)
		return env;
	return "./apoyo.db";
}

int ws_fail(struct ws *ws, const char *what)
{
	err_msg("workspace '%s': %s: %s", ws->path, what, sqlite3_errmsg(ws->db));
	return EXIT_ENV;
}

int ws_exec(struct ws *ws, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(ws->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	err_msg("workspace '%s': %s", ws->path, msg ? msg : "unknown SQLite error");
	sqlite3_free(msg);
	return EXIT_ENV;
}

int ws_begin(struct ws *ws)
{
	return ws_exec(ws, "BEGIN IMMEDIATE");
}

int ws_commit(struct ws *ws)
{
	return ws_exec(ws, "COMMIT");
}

void ws_rollback(struct ws *ws)
{
	if (!sqlite3_get_autocommit(ws->db))
		sqlite3_exec(ws->db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *ws_prepare(struct ws *ws, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(ws->db, sql, -1, &st, NULL) != SQLITE_OK) {
		ws_fail(ws, "prepare");
		return NULL;
	}
	return st;
}

void ws_now(char *buf)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *ws_meta_get(struct ws *ws, const char *key)
{
	sqlite3_stmt *st = ws_prepare(ws, "SELECT value FROM meta WHERE key = ?");
	char *value = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		value = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return value;
}

int ws_meta_set(struct ws *ws, const char *key, const char *value)
{
	sqlite3_stmt *st = ws_prepare(ws, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
	int rc;

	if (!st)
		return EXIT_ENV;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : ws_fail(ws, "meta");
	sqlite3_finalize(st);
	return rc;
}

static int fill_status_table(struct ws *ws)
{
	sqlite3_stmt *st = ws_prepare(ws, "INSERT INTO status VALUES (?, ?, ?)");
	int i, rc = 0;

	if (!st)
		return EXIT_ENV;
	for (i = 0; i < ST_COUNT && !rc; i++) {
		sqlite3_bind_text(st, 1, status_table[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_text(st, 3, status_table[i].categoria, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = ws_fail(ws, "status table");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int user_version(struct ws *ws, int *version)
{
	sqlite3_stmt *st = ws_prepare(ws, "PRAGMA user_version");

	if (!st)
		return EXIT_ENV;
	*version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return *version < 0 ? ws_fail(ws, "user_version") : 0;
}

/* Brings the schema from FROM to WS_SCHEMA_VERSION in one transaction. */
static int migrate(struct ws *ws, int from)
{
	char pragma[64];
	int v, rc;

	if ((rc = ws_begin(ws)))
		return rc;
	for (v = from; v < WS_SCHEMA_VERSION && !rc; v++)
		rc = ws_exec(ws, migrations[v]);
	if (!rc && from == 0)
		rc = fill_status_table(ws);
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", WS_SCHEMA_VERSION);
	if (!rc)
		rc = ws_exec(ws, pragma);
	if (!rc)
		rc = ws_commit(ws);
	if (rc)
		ws_rollback(ws);
	return rc;
}

/* Creates the file with mode 0600 so that SQLite inherits the mode. */
static int create_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			err_msg("workspace '%s' already exists", path);
		else
			err_msg("cannot create workspace '%s': %s", path, strerror(errno));
		return errno == EEXIST ? EXIT_USAGE : EXIT_ENV;
	}
	close(fd);
	return 0;
}

static int check_exists(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0)
		return 0;
	if (errno == ENOENT)
		err_msg("workspace '%s' not found (create it with 'apoyo init')", path);
	else
		err_msg("cannot open workspace '%s': %s", path, strerror(errno));
	return EXIT_INPUT;
}

/*
 * A new workspace gets 16 KiB pages, set before WAL mode and the first
 * table. The roll's B-trees are written in key order, and with pages four
 * times SQLite's default each write call carries four times the data and
 * each B-tree has fewer levels: the national roll's import spends less
 * time in the kernel and in rebalancing (measured in BENCHMARKS.md).
 */
#define WS_PAGE_SIZE "16384"

/* Settings for bulk work: WAL, a large page cache, big temporary sorts on disk. */
static int tune(struct ws *ws, enum ws_mode mode)
{
	int rc;

	/* A file that is not SQLite at all is named once, by ws_open. */
	if (sqlite3_exec(ws->db, "PRAGMA schema_version", NULL, NULL, NULL) == SQLITE_NOTADB)
		return EXIT_ENV;
	sqlite3_busy_timeout(ws->db, 10000);
	if (mode == WS_CREATE && ws_exec(ws, "PRAGMA page_size = " WS_PAGE_SIZE))
		return EXIT_ENV;
	rc = ws_exec(ws, "PRAGMA cache_size = -262144; PRAGMA temp_store = FILE;"
			 " PRAGMA foreign_keys = OFF; PRAGMA mmap_size = 0");
	if (!rc && mode != WS_READ)
		rc = ws_exec(ws, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
	return rc;
}

static int load_offset(struct ws *ws)
{
	char *text = ws_meta_get(ws, "utc_offset_minutes");
	long minutes = 0;

	if (!text) {
		err_msg("workspace '%s' has no utc_offset_minutes; is it an apoyo workspace?",
			ws->path);
		return EXIT_INPUT;
	}
	minutes = strtol(text, NULL, 10);
	free(text);
	ws->utc_offset_min = (int)minutes;
	return 0;
}

/* Checks the schema version and migrates; READ refuses an old workspace. */
static int check_schema(struct ws *ws, enum ws_mode mode)
{
	int version, rc;

	if ((rc = user_version(ws, &version)))
		return rc;
	if (version > WS_SCHEMA_VERSION) {
		err_msg("workspace '%s' has schema version %d; this apoyo knows up to %d",
			ws->path, version, WS_SCHEMA_VERSION);
		return EXIT_INPUT;
	}
	if (version == 0 && mode != WS_CREATE) {
		err_msg("'%s' is not an apoyo workspace", ws->path);
		return EXIT_INPUT;
	}
	if (version < WS_SCHEMA_VERSION) {
		if (mode == WS_READ) {
			err_msg("workspace '%s' needs an upgrade; run a writing command first",
				ws->path);
			return EXIT_INPUT;
		}
		return migrate(ws, version);
	}
	return 0;
}

/*
 * A writer killed during a bulk load (which uses a rollback journal) leaves
 * a hot journal that only a writable connection can roll back. A reading
 * command then opens for writing, so that SQLite restores the workspace
 * as it was before the load, and puts it back in WAL mode.
 */
static enum ws_mode recovery_mode(const char *path, enum ws_mode mode)
{
	char journal[4096];

	if (mode != WS_READ)
		return mode;
	snprintf(journal, sizeof(journal), "%s-journal", path);
	if (access(journal, F_OK) == 0 && access(path, W_OK) == 0) {
		err_info("workspace '%s': rolling back an interrupted command", path);
		return WS_WRITE;
	}
	return mode;
}

int ws_library_init(void)
{
	if (sqlite3_config(SQLITE_CONFIG_SINGLETHREAD) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		return EXIT_ENV;
	return sqlite3_initialize() == SQLITE_OK ? 0 : EXIT_ENV;
}

int ws_open(const char *path, enum ws_mode mode, struct ws **out)
{
	struct ws *ws;
	int flags, rc;

	rc = mode == WS_CREATE ? create_file(path) : check_exists(path);
	if (rc)
		return rc;
	mode = recovery_mode(path, mode);
	flags = mode == WS_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	ws = calloc(1, sizeof(*ws));
	if (!ws || !(ws->path = strdup(path))) {
		free(ws);
		err_msg("out of memory");
		return EXIT_ENV;
	}
	if (sqlite3_open_v2(path, &ws->db, flags, NULL) != SQLITE_OK) {
		rc = ws_fail(ws, "open");
		goto fail;
	}
	sqlite3_extended_result_codes(ws->db, 1);
	if ((rc = tune(ws, mode)) || (rc = check_schema(ws, mode)))
		goto fail;
	if (mode != WS_CREATE && (rc = load_offset(ws)))
		goto fail;
	*out = ws;
	return 0;

fail:
	if (rc == EXIT_ENV && sqlite3_errcode(ws->db) == SQLITE_NOTADB) {
		err_msg("'%s' is not an apoyo workspace", path);
		rc = EXIT_INPUT;
	}
	ws_close(ws);
	return rc;
}

int ws_close(struct ws *ws)
{
	int rc = 0;

	if (!ws)
		return 0;
	if (ws->db && sqlite3_close(ws->db) != SQLITE_OK) {
		err_msg("workspace '%s': close: %s", ws->path, sqlite3_errmsg(ws->db));
		rc = EXIT_ENV;
	}
	free(ws->path);
	free(ws);
	return rc;
}
