/*
 * init.c - "apoyo init": create a workspace with its rules and time zone.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../src/csv.h"
#include "../src/rules.h"
#include "cmd.h"

static const char usage[] =
	"apoyo init [--rules federal|jalisco-2018|FILE.csv] [--utc-offset +-HH:MM]";

/* "-06:00" -> -360. Returns 0 or -1. */
static int parse_offset(const char *text, int *minutes)
{
	long h, m;
	char hh[3], mm[3];

	if (strlen(text) != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':')
		return -1;
	memcpy(hh, text + 1, 2);
	memcpy(mm, text + 4, 2);
	hh[2] = mm[2] = '\0';
	if (opt_to_long(hh, 0, 14, &h) || opt_to_long(mm, 0, 59, &m))
		return -1;
	*minutes = (int)((text[0] == '-' ? -1 : 1) * (h * 60 + m));
	return 0;
}

static int store_rule(struct ws *ws, sqlite3_stmt *st, const struct rule *r)
{
	char pct[48], units[48], unit_pct[48];
	int rc = 0;

	snprintf(pct, sizeof(pct), "%ld.%02ld", r->porcentaje / 100, r->porcentaje % 100);
	snprintf(unit_pct, sizeof(unit_pct), "%ld.%02ld", r->porcentaje_unidad / 100,
		 r->porcentaje_unidad % 100);
	if (r->min_den)
		snprintf(units, sizeof(units), "%ld/%ld", r->min_num, r->min_den);
	else
		snprintf(units, sizeof(units), "%ld", r->min_num);
	sqlite3_bind_text(st, 1, r->cargo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pct, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->unidad, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, units, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, unit_pct, -1, SQLITE_STATIC);
	/* A second row for a cargo is the caller's to report, as bad input. */
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite3_extended_errcode(ws->db) == SQLITE_CONSTRAINT_PRIMARYKEY
			     ? EXIT_INPUT : ws_fail(ws, "rules");
	sqlite3_reset(st);
	return rc;
}

static const char *const rule_columns[] = {
	"cargo", "porcentaje", "unidad", "unidades_minimas", "porcentaje_unidad"
};

/* What each column must hold, for messages; in rule_columns' order. */
static const char *const rule_expected[] = {
	"one of presidencia, senaduria, diputacion_federal, gubernatura,"
	" diputacion_local, ayuntamiento",
	"a percentage from 0 to 100 with at most two decimals",
	"one of entidad, distrito_federal, distrito_local, municipio, seccion",
	"a whole number or a fraction such as 1/2",
	"a percentage from 0 to 100 with at most two decimals"
};

static int column_index(const char *name)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(rule_columns[i], name))
			return i;
	return 4;
}

/* Checks and stores the current row of C. Returns 0 or an exit code. */
static int store_rule_row(struct ws *ws, sqlite3_stmt *st, struct csv *c, const int *col)
{
	const char *path = csv_path(c), *field;
	struct rule r;
	int k;

	if (rules_from_text(csv_field(c, col[0]), csv_field(c, col[1]), csv_field(c, col[2]),
			    csv_field(c, col[3]), csv_field(c, col[4]), &r, &field)) {
		k = column_index(field);
		err_data(path, csv_line(c), field, "expected %s, found '%s'", rule_expected[k],
			 csv_field(c, col[k]));
		return EXIT_INPUT;
	}
	k = store_rule(ws, st, &r);
	if (k != EXIT_INPUT)
		return k;
	err_data(path, csv_line(c), "cargo", "expected one row per cargo, found '%s' again",
		 r.cargo);
	return EXIT_INPUT;
}

/* Reads a rules CSV; any bad row stops init (rules are configuration). */
static int store_rules_file(struct ws *ws, sqlite3_stmt *st, const char *path)
{
	struct csv *c;
	int col[5], i, rc, rows = 0;
	enum csv_result res;

	if ((rc = csv_open(path, NULL, &c)))
		return rc;
	for (i = 0; i < 5 && !rc; i++) {
		col[i] = csv_column(c, rule_columns[i]);
		if (col[i] < 0) {
			err_msg("%s:1: field '%s': required column missing", path, rule_columns[i]);
			rc = EXIT_INPUT;
		}
	}
	while (!rc && (res = csv_read(c)) != CSV_EOF) {
		if (res != CSV_RECORD) {
			err_msg("%s:%ld: %s", path, csv_line(c), csv_error(c));
			rc = res == CSV_IO ? EXIT_ENV : EXIT_INPUT;
		} else {
			rc = store_rule_row(ws, st, c, col);
			rows++;
		}
	}
	if (!rc && rows == 0) {
		err_msg("%s: no rules: expected one row per cargo after the header", path);
		rc = EXIT_INPUT;
	}
	csv_close(c);
	return rc;
}

static int store_rules(struct ws *ws, const char *rules)
{
	sqlite3_stmt *st = ws_prepare(ws, "INSERT INTO rules VALUES (?, ?, ?, ?, ?)");
	const struct rule *set;
	size_t n, i;
	int rc = 0;

	if (!st)
		return EXIT_ENV;
	set = rules_builtin(rules, &n);
	if (set)
		for (i = 0; i < n && !rc; i++)
			rc = store_rule(ws, st, &set[i]);
	else
		rc = store_rules_file(ws, st, rules);
	sqlite3_finalize(st);
	return rc;
}

static int store_settings(struct ws *ws, const char *rules, const char *offset, int minutes)
{
	char text[16], now[24];
	int rc;

	snprintf(text, sizeof(text), "%d", minutes);
	ws_now(now);
	if ((rc = ws_meta_set(ws, "utc_offset", offset)) ||
	    (rc = ws_meta_set(ws, "utc_offset_minutes", text)) ||
	    (rc = ws_meta_set(ws, "rules", rules)) ||
	    (rc = ws_meta_set(ws, "dedup_across", "cargo")) ||
	    (rc = ws_meta_set(ws, "created", now)))
		return rc;
	return 0;
}

/* A failed init leaves nothing behind, so that it can simply be run again. */
static void remove_workspace(const char *path)
{
	char side[4096];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

int cmd_init(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *rules = "federal", *offset = "-06:00";
	struct opt opts[] = {
		{ 0, "rules", "SET", OPT_STRING, &rules,
		  "federal (default), jalisco-2018, or a rules CSV file", 0, 0, NULL },
		{ 0, "utc-offset", "+-HH:MM", OPT_STRING, &offset,
		  "offset of timestamps without one (default -06:00)", 0, 0, NULL },
		{ 0 }
	};
	int minutes, rc;

	if ((rc = cmd_parse_options_only(ctx, usage, opts, argc, argv)))
		return rc;
	if (parse_offset(offset, &minutes)) {
		err_msg("option '--utc-offset': expected +HH:MM or -HH:MM, found '%s'", offset);
		return EXIT_USAGE;
	}
	if ((rc = cmd_workspace(ctx)))
		return rc;

	rc = ws_begin(ctx->ws);
	if (!rc)
		rc = store_settings(ctx->ws, rules, offset, minutes);
	if (!rc)
		rc = store_rules(ctx->ws, rules);
	if (!rc)
		rc = ws_commit(ctx->ws);
	if (rc) {
		ws_rollback(ctx->ws);
		ws_close(ctx->ws);
		ctx->ws = NULL;
		remove_workspace(ws_default_path(ctx->workspace_opt));
		return rc;
	}
	err_info("created workspace '%s' (rules %s, utc offset %s)",
		 ctx->ws->path, rules, offset);
	return EXIT_OK;
}
