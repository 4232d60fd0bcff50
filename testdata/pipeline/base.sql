-- base.sql - a hand-made workspace for the verify, dedup, tally, report
-- and export tests. Load it with the sqlite3 shell after
-- "apoyo init --rules testdata/pipeline/rules.csv" (offset -06:00).
-- Every expected status is worked out by hand in the comments; the
-- tests in tests/verify.t, tally.t, report.t and export.t assert them.
--
-- Rules (rules.csv): presidencia 0.5% over entidades, 2 of them at
-- 0.25%; senaduria 2%, distritos federales, 1/2 at 1%; diputacion_federal
-- 0.5%, secciones, 1/2 at 1%; gubernatura 1%, municipios, 2 at 1%;
-- ayuntamiento 1%, secciones, 1/2 at 1%.

BEGIN;

-- Geography. Entidad 14 has six secciones; entidad 1 one.
--   sec df dl mun LN
--   1   1  1  1   100
--   2   1  1  1   150
--   3   1  2  2   250
--   4   1  2  2   0     (a sección unit with LN 0: excluded)
--   5   2  3  3   99
--   6   2  3  4   0     (municipio 4 has LN 0: excluded)
--   e1 sec 7: df 1, dl 1, mun 1, LN 300
INSERT INTO geo VALUES
 (14, 1, 1, 1, 1, 100, NULL, 'JALISCO', 'ACATIC'),
 (14, 2, 1, 1, 1, 150, NULL, 'JALISCO', 'ACATIC'),
 (14, 3, 1, 2, 2, 250, NULL, 'JALISCO', 'AHUALULCO'),
 (14, 4, 1, 2, 2, 0, NULL, 'JALISCO', 'AHUALULCO'),
 (14, 5, 2, 3, 3, 99, NULL, 'JALISCO', 'AMACUECA'),
 (14, 6, 2, 3, 4, 0, NULL, 'JALISCO', 'AMATITÁN'),
 (1, 7, 1, 1, 1, 300, NULL, 'AGUASCALIENTES', 'AGUASCALIENTES');

-- Aspirants; all with the period 2017-11-01 to 2018-02-06 (inclusive).
INSERT INTO aspirant VALUES
 ('GOB', 'Ana Gómez', 'gubernatura', 14, NULL, NULL, NULL, '2017-11-01', '2018-02-06'),
 ('GOB2', 'Beto Ruiz', 'gubernatura', 14, NULL, NULL, NULL, '2017-11-01', '2018-02-06'),
 ('SEN', 'Carla Díaz', 'senaduria', 14, NULL, NULL, NULL, '2017-11-01', '2018-02-06'),
 ('DF1', 'Dario Luna', 'diputacion_federal', 14, 1, NULL, NULL, '2017-11-01', '2018-02-06'),
 ('AYU3', 'Elsa Peña', 'ayuntamiento', 14, NULL, NULL, 3, '2017-11-01', '2018-02-06'),
 ('PRES', 'Fer Soto', 'presidencia', NULL, NULL, NULL, NULL, '2017-11-01', '2018-02-06');

-- Roll (situacion 1 lista nominal, 2 padrón, 3 baja).
--   C01..C14 below; C05 has an Ñ; C08's card expired in 2017; C09 lives
--   in a sección the geography lacks; C10 in entidad 1.
INSERT INTO roll(clave_elector, situacion, entidad, seccion, emision, vigencia,
 motivo_baja) VALUES
 ('GOMZJN80010114H001', 1, 14, 1, 2014, 2024, NULL),
 ('PERZAN85020214M002', 1, 14, 2, 2015, 2025, NULL),
 ('LOPZMR90030314H003', 1, 14, 3, 2016, 2026, NULL),
 ('HERNLS75040414M004', 1, 14, 5, 2013, 2023, NULL),
 ('MUÑZRS70050514H005', 1, 14, 1, 2014, 2024, NULL),
 ('RAMZPD60060614H006', 3, 14, 2, 2010, 2020, 'defuncion'),
 ('CRUZTR65070714M007', 2, 14, 3, 2011, 2021, NULL),
 ('FLRSGB88080814H008', 1, 14, 1, 2007, 2017, NULL),
 ('MORLJS92090914H009', 1, 14, 9999, 2015, 2025, NULL),
 ('ORTZCL82101014M010', 1, 1, 7, 2015, 2025, NULL),
 ('SNCHZR77111114H011', 1, 14, 2, 2016, 2026, NULL),
 ('DIAZMN83121214M012', 1, 14, 1, 2014, 2024, NULL),
 ('VRGSLP79010115H013', 1, 14, 3, 2015, 2025, NULL),
 ('CSTLNR91020215M014', 3, 14, 1, 2015, 2025, NULL);

-- Supports. instante is the instant in UTC; fecha_local is the calendar
-- date at -06:00, worked out by hand (what import writes). Expected
-- status and motivos after "apoyo verify" (dedup across cargo):
--
--  n id   asp   captured (local date)   clave emision -> status: motivos
--  1 S01  GOB   2017-11-01T06:00Z (11-01, first day)  C01 -> valido
--  2 S02  GOB   2018-02-07T05:59:59Z (02-06, last day; UTC already the
--               7th)                                  C02 -> valido
--  3 S03  GOB   2018-02-07T06:00Z (02-07, a day late) C03 -> fuera_de_plazo:
--               fuera_de_plazo:despues_de_fin
--  4 S04  GOB   2017-11-01T05:59:59Z (10-31, a day early) C04 ->
--               fuera_de_plazo: fuera_de_plazo:antes_de_inicio
--  5 S05  GOB   2017-12-01T12:00-06:00 (12-01)  C05 (Ñ) -> valido; its
--               nombre holds a comma and quotes (export quoting)
--  6 S06  GOB   2017-12-02T10:00 (no offset)    C06 -> baja: baja:defuncion
--  7 S07  GOB   2017-12-03                      C07 -> padron_no_ln
--  8 S08  GOB   2018-01-10, vigencia 2017 < 2018  C08 -> credencial_no_vigente:
--               credencial_vencida
--  9 S09  GOB   2017-12-04, sección 9999 not in geo  C09 -> fuera_de_ambito:
--               seccion_sin_geografia
-- 10 S10  GOB   2017-12-05, entidad 1          C10 -> fuera_de_ambito
-- 11 S11  GOB   2017-12-06 emision 2010 vs roll 2016 (replaced card)  C11 ->
--               credencial_no_vigente: emision_distinta
-- 12 S12  GOB   2017-12-07 clave XXXXXX00000000Z000 -> datos_invalidos:
--               clave_invalida (no roll check for a malformed clave)
-- 13 S13  GOB   2017-12-08 clave NOEXST80010114H099 -> no_encontrado
-- 14 S14  GOB   'ayer' (unparsable: instante and fecha_local NULL) C12 ->
--               datos_invalidos: fecha_invalida
-- 15 S15  NADIE (unknown aspirant) 2017-12-09  C12 -> datos_invalidos:
--               aspirante_desconocido
-- 16 S16  GOB   2018-03-01 emision 1999  C06 -> fuera_de_plazo (rule 2 comes
--               first) with every failed check: fuera_de_plazo:despues_de_fin
--               baja:defuncion emision_distinta
-- 17 S17  GOB   2017-12-10  C14 (baja without motivo) -> baja: baja
-- 18 S21  GOB   2018-01-15T10:00Z  C13 -> duplicado_mismo_aspirante:S20
-- 19 S20  GOB   2018-01-15T10:00Z  C13 -> valido (same instant as S21,
--               and "S20" < "S21" in byte order, though received later)
-- 20 S22  GOB   2018-01-20  C13 -> duplicado_mismo_aspirante:S20
-- 21 S23  GOB   2017-10-01  C13 -> fuera_de_plazo:antes_de_inicio; being
--               out of period it does not take S20's place as the first
-- 22 S30  GOB2  2017-12-10T10:00Z  C12 -> duplicado_otro_aspirante:GOB/S31
-- 23 S31  GOB   2017-12-05T10:00Z  C12 -> valido (earliest C12 that passed)
-- 24 S32  SEN   2017-12-20T10:00Z  C12 -> valido: senaduria is another
--               cargo; with "dedup --across all" duplicado_otro_aspirante:GOB/S31
-- 25 S40  DF1   2017-11-15  C01 -> valido (GOB's C01 is another cargo)
-- 26 S41  DF1   2017-11-16  C02 -> valido
-- 27 S42  DF1   2017-11-17  C03 -> valido
-- 28 S43  DF1   2017-11-18  C05 -> valido
-- 29 S50  AYU3  2018-01-05  C04 -> valido
--
-- Counts: valido 11, datos_invalidos 3, fuera_de_plazo 4, no_encontrado 1,
-- baja 2, padron_no_ln 1, credencial_no_vigente 2, fuera_de_ambito 2,
-- duplicado_mismo_aspirante 2, duplicado_otro_aspirante 1 (29 supports).
INSERT INTO support(n, id, aspirante, auxiliar, fecha_captura, instante,
  fecha_local, clave_elector, nombre, apellido_paterno, apellido_materno,
  emision, seccion, origen, linea, recibido) VALUES
 (1, 'S01', 'GOB', 'AUX1', '2017-11-01T06:00:00Z',
  unixepoch('2017-11-01T06:00:00Z'), '2017-11-01', 'GOMZJN80010114H001',
  'JUAN', 'GÓMEZ', 'NAVA', '', '1', 'apoyos.csv', 2, '2018-02-10T00:00:00Z'),
 (2, 'S02', 'GOB', 'AUX1', '2018-02-07T05:59:59Z',
  unixepoch('2018-02-07T05:59:59Z'), '2018-02-06', 'PERZAN85020214M002',
  'ANA', 'PÉREZ', 'ZAVALA', NULL, '2', 'apoyos.csv', 3, '2018-02-10T00:00:00Z'),
 (3, 'S03', 'GOB', 'AUX1', '2018-02-07T06:00:00Z',
  unixepoch('2018-02-07T06:00:00Z'), '2018-02-07', 'LOPZMR90030314H003',
  'MARIO', 'LÓPEZ', 'RÍOS', '', '3', 'apoyos.csv', 4, '2018-02-10T00:00:00Z'),
 (4, 'S04', 'GOB', 'AUX1', '2017-11-01T05:59:59Z',
  unixepoch('2017-11-01T05:59:59Z'), '2017-10-31', 'HERNLS75040414M004',
  'LUISA', 'HERNÁNDEZ', 'SOLÍS', '', '5', 'apoyos.csv', 5, '2018-02-10T00:00:00Z'),
 (5, 'S05', 'GOB', 'AUX2', '2017-12-01T12:00:00-06:00',
  unixepoch('2017-12-01T18:00:00Z'), '2017-12-01', 'MUÑZRS70050514H005',
  'JOSÉ "PEPE", JR', 'MUÑOZ', 'RUIZ', '', '1', 'apoyos.csv', 6, '2018-02-10T00:00:00Z'),
 (6, 'S06', 'GOB', 'AUX2', '2017-12-02T10:00:00',
  unixepoch('2017-12-02T16:00:00Z'), '2017-12-02', 'RAMZPD60060614H006',
  'PEDRO', 'RAMÍREZ', 'PAZ', '', '2', 'apoyos.csv', 7, '2018-02-10T00:00:00Z'),
 (7, 'S07', 'GOB', 'AUX2', '2017-12-03T10:00:00-06:00',
  unixepoch('2017-12-03T16:00:00Z'), '2017-12-03', 'CRUZTR65070714M007',
  'TERE', 'CRUZ', 'TREJO', '', '3', 'apoyos.csv', 8, '2018-02-10T00:00:00Z'),
 (8, 'S08', 'GOB', 'AUX2', '2018-01-10T10:00:00-06:00',
  unixepoch('2018-01-10T16:00:00Z'), '2018-01-10', 'FLRSGB88080814H008',
  'GABRIEL', 'FLORES', 'BAEZ', '', '1', 'apoyos.csv', 9, '2018-02-10T00:00:00Z'),
 (9, 'S09', 'GOB', 'AUX3', '2017-12-04T10:00:00-06:00',
  unixepoch('2017-12-04T16:00:00Z'), '2017-12-04', 'MORLJS92090914H009',
  'JESÚS', 'MORALES', 'LARA', '', '9999', 'apoyos.csv', 10, '2018-02-10T00:00:00Z'),
 (10, 'S10', 'GOB', 'AUX3', '2017-12-05T09:00:00-06:00',
  unixepoch('2017-12-05T15:00:00Z'), '2017-12-05', 'ORTZCL82101014M010',
  'CLARA', 'ORTIZ', 'LEAL', '', '7', 'apoyos.csv', 11, '2018-02-10T00:00:00Z'),
 (11, 'S11', 'GOB', 'AUX3', '2017-12-06T10:00:00-06:00',
  unixepoch('2017-12-06T16:00:00Z'), '2017-12-06', 'SNCHZR77111114H011',
  'RAÚL', 'SÁNCHEZ', 'ROA', '2010', '2', 'apoyos.csv', 12, '2018-02-10T00:00:00Z'),
 (12, 'S12', 'GOB', 'AUX3', '2017-12-07T10:00:00-06:00',
  unixepoch('2017-12-07T16:00:00Z'), '2017-12-07', 'XXXXXX00000000Z000',
  'X', 'X', 'X', '', '', 'apoyos.csv', 13, '2018-02-10T00:00:00Z'),
 (13, 'S13', 'GOB', 'AUX3', '2017-12-08T10:00:00-06:00',
  unixepoch('2017-12-08T16:00:00Z'), '2017-12-08', 'NOEXST80010114H099',
  'NO', 'EXISTE', 'NADIE', '', '1', 'apoyos.csv', 14, '2018-02-10T00:00:00Z'),
 (14, 'S14', 'GOB', 'AUX4', 'ayer', NULL, NULL, 'DIAZMN83121214M012',
  'MÓNICA', 'DÍAZ', 'NÚÑEZ', '', '1', 'apoyos.csv', 15, '2018-02-10T00:00:00Z'),
 (15, 'S15', 'NADIE', 'AUX4', '2017-12-09T10:00:00-06:00',
  unixepoch('2017-12-09T16:00:00Z'), '2017-12-09', 'DIAZMN83121214M012',
  'MÓNICA', 'DÍAZ', 'NÚÑEZ', '', '1', 'apoyos.csv', 16, '2018-02-10T00:00:00Z'),
 (16, 'S16', 'GOB', 'AUX4', '2018-03-01T10:00:00-06:00',
  unixepoch('2018-03-01T16:00:00Z'), '2018-03-01', 'RAMZPD60060614H006',
  'PEDRO', 'RAMÍREZ', 'PAZ', '1999', '2', 'apoyos.csv', 17, '2018-02-10T00:00:00Z'),
 (17, 'S17', 'GOB', 'AUX4', '2017-12-10T10:00:00-06:00',
  unixepoch('2017-12-10T16:00:00Z'), '2017-12-10', 'CSTLNR91020215M014',
  'NORA', 'CASTILLO', 'RENTERÍA', '', '1', 'apoyos.csv', 18, '2018-02-10T00:00:00Z'),
 (18, 'S21', 'GOB', 'AUX5', '2018-01-15T10:00:00Z',
  unixepoch('2018-01-15T10:00:00Z'), '2018-01-15', 'VRGSLP79010115H013',
  'LUPE', 'VARGAS', 'PINO', '', '3', 'apoyos.csv', 19, '2018-02-10T00:00:00Z'),
 (19, 'S20', 'GOB', 'AUX5', '2018-01-15T10:00:00Z',
  unixepoch('2018-01-15T10:00:00Z'), '2018-01-15', 'VRGSLP79010115H013',
  'LUPE', 'VARGAS', 'PINO', '', '3', 'apoyos.csv', 20, '2018-02-10T00:00:00Z'),
 (20, 'S22', 'GOB', 'AUX5', '2018-01-20T10:00:00Z',
  unixepoch('2018-01-20T10:00:00Z'), '2018-01-20', 'VRGSLP79010115H013',
  'LUPE', 'VARGAS', 'PINO', '', '3', 'apoyos.csv', 21, '2018-02-10T00:00:00Z'),
 (21, 'S23', 'GOB', 'AUX5', '2017-10-01T10:00:00Z',
  unixepoch('2017-10-01T10:00:00Z'), '2017-10-01', 'VRGSLP79010115H013',
  'LUPE', 'VARGAS', 'PINO', '', '3', 'apoyos.csv', 22, '2018-02-10T00:00:00Z'),
 (22, 'S30', 'GOB2', 'AUX6', '2017-12-10T10:00:00Z',
  unixepoch('2017-12-10T10:00:00Z'), '2017-12-10', 'DIAZMN83121214M012',
  'MÓNICA', 'DÍAZ', 'NÚÑEZ', '', '1', 'apoyos.csv', 23, '2018-02-10T00:00:00Z'),
 (23, 'S31', 'GOB', 'AUX6', '2017-12-05T10:00:00Z',
  unixepoch('2017-12-05T10:00:00Z'), '2017-12-05', 'DIAZMN83121214M012',
  'MÓNICA', 'DÍAZ', 'NÚÑEZ', '', '1', 'apoyos.csv', 24, '2018-02-10T00:00:00Z'),
 (24, 'S32', 'SEN', 'AUX7', '2017-12-20T10:00:00Z',
  unixepoch('2017-12-20T10:00:00Z'), '2017-12-20', 'DIAZMN83121214M012',
  'MÓNICA', 'DÍAZ', 'NÚÑEZ', '', '1', 'apoyos.csv', 25, '2018-02-10T00:00:00Z'),
 (25, 'S40', 'DF1', 'AUX8', '2017-11-15T10:00:00Z',
  unixepoch('2017-11-15T10:00:00Z'), '2017-11-15', 'GOMZJN80010114H001',
  'JUAN', 'GÓMEZ', 'NAVA', '', '1', 'apoyos.csv', 26, '2018-02-10T00:00:00Z'),
 (26, 'S41', 'DF1', 'AUX8', '2017-11-16T10:00:00Z',
  unixepoch('2017-11-16T10:00:00Z'), '2017-11-16', 'PERZAN85020214M002',
  'ANA', 'PÉREZ', 'ZAVALA', '', '2', 'apoyos.csv', 27, '2018-02-10T00:00:00Z'),
 (27, 'S42', 'DF1', 'AUX8', '2017-11-17T10:00:00Z',
  unixepoch('2017-11-17T10:00:00Z'), '2017-11-17', 'LOPZMR90030314H003',
  'MARIO', 'LÓPEZ', 'RÍOS', '', '3', 'apoyos.csv', 28, '2018-02-10T00:00:00Z'),
 (28, 'S43', 'DF1', 'AUX8', '2017-11-18T10:00:00Z',
  unixepoch('2017-11-18T10:00:00Z'), '2017-11-18', 'MUÑZRS70050514H005',
  'JOSÉ', 'MUÑOZ', 'RUIZ', '', '1', 'apoyos.csv', 29, '2018-02-10T00:00:00Z'),
 (29, 'S50', 'AYU3', 'AUX9', '2018-01-05T10:00:00Z',
  unixepoch('2018-01-05T10:00:00Z'), '2018-01-05', 'HERNLS75040414M004',
  'LUISA', 'HERNÁNDEZ', 'SOLÍS', '', '5', 'apoyos.csv', 30, '2018-02-10T00:00:00Z');

COMMIT;
