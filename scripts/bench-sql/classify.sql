-- classify.sql - the benchmark's stand-in for "apoyo verify; apoyo dedup;
-- apoyo tally", part 2 of 2: the SQL a technician would write instead.
-- Runs unchanged in the sqlite3 shell and in DuckDB, after
-- parse-sqlite.sql or parse-duckdb.sql has built "s" (one row per support:
-- id, aspirante, clave, emision, clave_ok, fecha_ok, instante,
-- fecha_local).
--
-- Input tables, loaded from the scenario's CSVs: geo, roll, aspirants
-- (integer territory columns; inicio and fin as YYYY-MM-DD text). Output:
-- tables clasif (every support's status), conteo (status counts per
-- aspirant) and tally (the tally of issue 2), and both printed as CSV rows
-- tagged 'conteo' and 'tally'.
--
-- Integer arithmetic only: ceil(a / b) is written (a + b - 1 - (a + b - 1)
-- % b) / b, exact in both dialects (DuckDB's "/" returns a double, exact
-- here because the division has no remainder).

DROP TABLE IF EXISTS reglas;
CREATE TABLE reglas(cargo TEXT, pct INTEGER, unidad TEXT, unum INTEGER,
	uden INTEGER, pct_unidad INTEGER);
-- The jalisco-2018 set, a superset of federal: percentages in hundredths.
INSERT INTO reglas VALUES
	('presidencia', 100, 'entidad', 17, 0, 100),
	('senaduria', 200, 'distrito_federal', 1, 2, 100),
	('diputacion_federal', 200, 'seccion', 1, 2, 100),
	('gubernatura', 100, 'municipio', 65, 0, 100),
	('diputacion_local', 100, 'seccion', 1, 2, 100),
	('ayuntamiento', 100, 'seccion', 1, 2, 100);

-- Rules 1 to 7, first that applies; NULL when all pass.
DROP TABLE IF EXISTS clasif;
CREATE TABLE clasif AS
WITH j AS (
	SELECT s.id, s.aspirante, s.clave, s.instante, a.cargo,
		r.entidad, r.seccion,
		CASE
		WHEN NOT coalesce(s.clave_ok, FALSE)
			OR NOT coalesce(s.fecha_ok, FALSE) OR a.id IS NULL
			THEN 'datos_invalidos'
		WHEN s.fecha_local < a.inicio OR s.fecha_local > a.fin
			THEN 'fuera_de_plazo'
		WHEN r.clave_elector IS NULL THEN 'no_encontrado'
		WHEN r.situacion = 'baja' THEN 'baja'
		WHEN r.situacion = 'padron' THEN 'padron_no_ln'
		WHEN (s.emision <> '' AND s.emision <> CAST(r.emision AS TEXT))
			OR r.vigencia < CAST(substr(s.fecha_local, 1, 4) AS INTEGER)
			THEN 'credencial_no_vigente'
		WHEN g.seccion IS NULL THEN 'fuera_de_ambito'
		WHEN CASE a.cargo
			WHEN 'presidencia' THEN TRUE
			WHEN 'senaduria' THEN g.entidad = a.entidad
			WHEN 'gubernatura' THEN g.entidad = a.entidad
			WHEN 'diputacion_federal' THEN g.entidad = a.entidad
				AND g.distrito_federal = a.distrito_federal
			WHEN 'diputacion_local' THEN g.entidad = a.entidad
				AND g.distrito_local = a.distrito_local
			WHEN 'ayuntamiento' THEN g.entidad = a.entidad
				AND g.municipio = a.municipio
			ELSE FALSE END
			THEN NULL
		ELSE 'fuera_de_ambito' END AS previo
	FROM s
	LEFT JOIN aspirants a ON a.id = s.aspirante
	LEFT JOIN roll r ON r.clave_elector = s.clave
	LEFT JOIN geo g ON g.entidad = r.entidad AND g.seccion = r.seccion
), d8 AS (
	-- Rule 8: among those that passed 1-7, order by instant then id.
	SELECT *, CASE WHEN previo IS NULL THEN row_number() OVER (
		PARTITION BY aspirante, clave, previo IS NULL
		ORDER BY instante, id) END AS rn8
	FROM j
), d9 AS (
	-- Rule 9: among those that passed 1-8, the first per cargo counts.
	SELECT *, CASE WHEN rn8 = 1 THEN row_number() OVER (
		PARTITION BY cargo, clave, rn8 = 1
		ORDER BY instante, id) END AS rn9
	FROM d8
)
SELECT id, aspirante, entidad, seccion, CASE
	WHEN previo IS NOT NULL THEN previo
	WHEN rn8 > 1 THEN 'duplicado_mismo_aspirante'
	WHEN rn9 > 1 THEN 'duplicado_otro_aspirante'
	ELSE 'valido' END AS estatus
FROM d9;

DROP TABLE IF EXISTS conteo;
CREATE TABLE conteo AS
SELECT aspirante, estatus, count(*) AS n FROM clasif GROUP BY aspirante, estatus;

-- Each aspirant's secciones, with the unit each belongs to.
DROP TABLE IF EXISTS territorio;
CREATE TABLE territorio AS
SELECT a.id AS aspirante, g.entidad, g.seccion, g.lista_nominal,
	CASE r.unidad
	WHEN 'entidad' THEN g.entidad
	WHEN 'distrito_federal' THEN g.distrito_federal
	WHEN 'distrito_local' THEN g.distrito_local
	WHEN 'municipio' THEN g.municipio
	ELSE g.seccion END AS unidad
FROM aspirants a
JOIN reglas r ON r.cargo = a.cargo
JOIN geo g ON CASE a.cargo
	WHEN 'presidencia' THEN TRUE
	WHEN 'senaduria' THEN g.entidad = a.entidad
	WHEN 'gubernatura' THEN g.entidad = a.entidad
	WHEN 'diputacion_federal' THEN g.entidad = a.entidad
		AND g.distrito_federal = a.distrito_federal
	WHEN 'diputacion_local' THEN g.entidad = a.entidad
		AND g.distrito_local = a.distrito_local
	WHEN 'ayuntamiento' THEN g.entidad = a.entidad
		AND g.municipio = a.municipio
	ELSE FALSE END;

DROP TABLE IF EXISTS unidades;
CREATE TABLE unidades AS
WITH v AS (
	SELECT aspirante, entidad, seccion, count(*) AS n FROM clasif
	WHERE estatus = 'valido' GROUP BY aspirante, entidad, seccion
), u AS (
	SELECT t.aspirante, t.entidad, t.unidad, sum(t.lista_nominal) AS ln,
		sum(coalesce(v.n, 0)) AS validos
	FROM territorio t
	LEFT JOIN v ON v.aspirante = t.aspirante AND v.entidad = t.entidad
		AND v.seccion = t.seccion
	GROUP BY t.aspirante, t.entidad, t.unidad
)
SELECT u.aspirante, u.ln, u.validos,
	CAST((u.ln * r.pct_unidad + 9999 - (u.ln * r.pct_unidad + 9999) % 10000)
		/ 10000 AS BIGINT) AS requeridos
FROM u
JOIN aspirants a ON a.id = u.aspirante
JOIN reglas r ON r.cargo = a.cargo;

DROP TABLE IF EXISTS tally;
CREATE TABLE tally AS
WITH ln AS (
	SELECT aspirante, sum(lista_nominal) AS ln FROM territorio GROUP BY aspirante
), v AS (
	SELECT aspirante, count(*) AS n FROM clasif WHERE estatus = 'valido'
	GROUP BY aspirante
), u AS (
	SELECT aspirante, count(*) AS unidades,
		sum(CASE WHEN validos >= requeridos THEN 1 ELSE 0 END) AS cumplidas
	FROM unidades WHERE ln > 0 GROUP BY aspirante
), t AS (
	SELECT a.id AS aspirante, a.cargo, ln.ln AS lista_nominal,
		CAST((ln.ln * r.pct + 9999 - (ln.ln * r.pct + 9999) % 10000)
			/ 10000 AS BIGINT) AS requeridos,
		coalesce(v.n, 0) AS validos, r.unidad,
		coalesce(u.unidades, 0) AS unidades,
		CASE WHEN r.uden = 0 THEN r.unum
		ELSE CAST((coalesce(u.unidades, 0) * r.unum + r.uden - 1
			- (coalesce(u.unidades, 0) * r.unum + r.uden - 1) % r.uden)
			/ r.uden AS BIGINT) END AS unidades_requeridas,
		coalesce(u.cumplidas, 0) AS unidades_cumplidas
	FROM aspirants a
	JOIN reglas r ON r.cargo = a.cargo
	LEFT JOIN ln ON ln.aspirante = a.id
	LEFT JOIN v ON v.aspirante = a.id
	LEFT JOIN u ON u.aspirante = a.id
)
SELECT *, CASE WHEN validos >= requeridos
	AND unidades_cumplidas >= unidades_requeridas THEN 1 ELSE 0 END AS cumple
FROM t;

SELECT 'conteo', aspirante, estatus, n FROM conteo ORDER BY aspirante, estatus;
SELECT 'tally', aspirante, cargo, lista_nominal, requeridos, validos, unidad,
	unidades, unidades_requeridas, unidades_cumplidas, cumple
FROM tally ORDER BY aspirante;
