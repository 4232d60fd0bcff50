-- parse-sqlite.sql - the benchmark's stand-in for "apoyo verify", part 1 of
-- 2, SQLite dialect (DuckDB: parse-duckdb.sql). Part 2 is classify.sql,
-- shared by both.
--
-- Reads the table "supports" as the sqlite3 shell's .import left it (every
-- column text) and builds "s": one row per support with the clave trimmed
-- and upper-cased (ASCII and ñ), clave_ok (the pattern
-- [A-ZÑ]{6}[0-9]{8}[HMX][0-9]{3}), fecha_ok, instante (unix seconds, the
-- fraction dropped), fecha_local (YYYY-MM-DD at -06:00) and emision.
--
-- fecha_captura is YYYY-MM-DD, or that plus [T ]HH:MM[:SS[.1-9 digits]],
-- plus an optional offset Z, +HH:MM, +HHMM or +HH; without an offset it is
-- read at the workspace offset, -06:00 (-360 minutes) as "apoyo init" sets
-- by default. SQLite's own parser is lenient (date('2018-02-30') returns
-- it unchanged, hour 24 passes), so the shape is checked with GLOB, the
-- date by a round trip through julianday() (NULL for month 13: counted
-- as false, never let through), and the time by range.

DROP TABLE IF EXISTS s;
CREATE TEMP TABLE s AS
WITH t AS (
	SELECT id, aspirante,
		replace(upper(trim(clave_elector)), 'ñ', 'Ñ') AS clave,
		trim(coalesce(fecha_captura, '')) AS f,
		trim(coalesce(emision, '')) AS emision
	FROM supports
), z AS MATERIALIZED (
	-- The offset's length (0 when none: only after a time) and sign.
	SELECT *, CASE
		WHEN length(f) <= 16 THEN 0
		WHEN f GLOB '*Z' THEN 1
		WHEN substr(f, -6) GLOB '[+-][0-9][0-9]:[0-9][0-9]' THEN 6
		WHEN substr(f, -5) GLOB '[+-][0-9][0-9][0-9][0-9]' THEN 5
		WHEN substr(f, -3) GLOB '[+-][0-9][0-9]' THEN 3
		ELSE 0 END AS tzlen
	FROM t
), o AS (
	-- body: the timestamp without its offset; off: minutes east of UTC.
	SELECT *, substr(f, 1, length(f) - tzlen) AS body, CASE tzlen
		WHEN 0 THEN -360
		WHEN 1 THEN 0
		ELSE (CASE substr(f, -tzlen, 1) WHEN '-' THEN -1 ELSE 1 END)
			* (substr(f, 1 - tzlen, 2) * 60
			   + CASE WHEN tzlen > 3 THEN substr(f, -2) ELSE 0 END)
		END AS off
	FROM z
), p AS MATERIALIZED (
	SELECT *, substr(body, 1, 10) AS d,
		CASE WHEN length(body) > 10 THEN substr(body, 12, 2) END AS hh,
		CASE WHEN length(body) > 10 THEN substr(body, 15, 2) END AS mi,
		CASE WHEN length(body) > 16 THEN substr(body, 18, 2) END AS ss,
		substr(body, 1, 10) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
		AND (length(body) = 10
		     OR (substr(body, 11, 1) IN ('T', ' ')
			 AND substr(body, 12) GLOB '[0-9][0-9]:[0-9][0-9]*'
			 AND (length(body) = 16
			      OR substr(body, 17) GLOB ':[0-9][0-9]'
			      OR (substr(body, 17) GLOB ':[0-9][0-9].[0-9]*'
				  AND length(body) <= 29
				  AND substr(body, 21) NOT GLOB '*[^0-9]*'))))
		AS shape_ok
	FROM o
), v AS (
	SELECT id, aspirante, clave, emision, off,
		d || ' ' || coalesce(hh, '00') || ':' || coalesce(mi, '00') || ':'
			|| coalesce(ss, '00') AS utc_text,
		shape_ok AND coalesce(date(julianday(d)) = d, 0)
			AND coalesce(hh, '00') < '24' AND coalesce(mi, '00') < '60'
			AND coalesce(ss, '00') < '60' AS fecha_ok
	FROM p
)
SELECT id, aspirante, clave, emision,
	clave GLOB '[A-ZÑ][A-ZÑ][A-ZÑ][A-ZÑ][A-ZÑ][A-ZÑ]'
		|| '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][HMX][0-9][0-9][0-9]'
		AS clave_ok,
	fecha_ok,
	CASE WHEN fecha_ok THEN unixepoch(utc_text) - off * 60 END AS instante,
	CASE WHEN fecha_ok
		THEN date(unixepoch(utc_text) - off * 60 - 360 * 60, 'unixepoch')
		END AS fecha_local
FROM v;
