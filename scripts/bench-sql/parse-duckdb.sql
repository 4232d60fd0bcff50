-- parse-duckdb.sql - the benchmark's stand-in for "apoyo verify", part 1 of
-- 2, DuckDB dialect (SQLite: parse-sqlite.sql, which documents the
-- accepted timestamp forms). Part 2 is classify.sql, shared by both.
--
-- Reads "supports" (every column VARCHAR, empty fields NULL, so each is
-- coalesced to '' before a test that NULL would slip through) and builds
-- "s": id, aspirante, clave (trimmed, upper-cased), emision, clave_ok,
-- fecha_ok, instante (unix seconds, fraction dropped) and fecha_local
-- (YYYY-MM-DD text at the workspace offset -06:00). One regular
-- expression checks the timestamp's shape and splits it; try_strptime
-- rejects impossible dates and times.

DROP TABLE IF EXISTS s;
CREATE TEMP TABLE s AS
WITH t AS (
	SELECT id, aspirante,
		replace(upper(trim(coalesce(clave_elector, ''))), 'ñ', 'Ñ')
			AS clave,
		trim(coalesce(fecha_captura, '')) AS f,
		trim(coalesce(emision, '')) AS emision
	FROM supports
), m AS (
	SELECT *, regexp_extract(f,
		'^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})'
		|| '(?::([0-9]{2})(?:\.[0-9]{1,9})?)?'
		|| '(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$',
		['d', 'hh', 'mi', 'ss', 'tz']) AS p
	FROM t
), z AS (
	SELECT *, try_strptime(p.d || ' ' || coalesce(nullif(p.hh, ''), '00')
			|| ':' || coalesce(nullif(p.mi, ''), '00') || ':'
			|| coalesce(nullif(p.ss, ''), '00'), '%Y-%m-%d %H:%M:%S') AS ts,
		CASE
		WHEN p.tz = '' THEN -360
		WHEN p.tz = 'Z' THEN 0
		ELSE (CASE substr(p.tz, 1, 1) WHEN '-' THEN -1 ELSE 1 END)
			* (CAST(substr(p.tz, 2, 2) AS INTEGER) * 60
			   + CASE WHEN length(p.tz) > 3
				THEN CAST(right(p.tz, 2) AS INTEGER) ELSE 0 END)
		END AS off
	FROM m
)
SELECT id, aspirante, clave, emision,
	regexp_full_match(clave, '[A-ZÑ]{6}[0-9]{8}[HMX][0-9]{3}') AS clave_ok,
	p.d <> '' AND ts IS NOT NULL AS fecha_ok,
	CAST(epoch(ts) AS BIGINT) - off * 60 AS instante,
	strftime(ts - off * INTERVAL 1 MINUTE - INTERVAL 360 MINUTE, '%Y-%m-%d')
		AS fecha_local
FROM z;
