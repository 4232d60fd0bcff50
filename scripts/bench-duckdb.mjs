// bench-duckdb.mjs - the DuckDB side of scripts/bench: one step per process,
// so that /usr/bin/time measures each as a whole, like apoyo's commands.
//
//   node bench-duckdb.mjs version
//   node bench-duckdb.mjs DB load TABLE FILE.csv NAME:TYPE,...
//   node bench-duckdb.mjs DB sql FILE.sql...
//
// "load" replaces TABLE in the persisted database DB with the CSV's rows,
// read by read_csv with the given column types (the header names them, in
// order). "sql" runs every statement of the files in order and prints the
// rows of those that return some as CSV on stdout, without a header.
// @duckdb/node-api is looked up in the folder $BENCH_NODE_MODULES (the
// one holding node_modules), so that it lives outside the repository.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const base = process.env.BENCH_NODE_MODULES || process.cwd();
const require = createRequire(path.join(path.resolve(base), 'bench.cjs'));
const duckdb = require('@duckdb/node-api');

function fail(message) {
	process.stderr.write(`bench-duckdb: ${message}\n`);
	process.exit(2);
}

function quoteString(text) {
	return `'${text.replaceAll("'", "''")}'`;
}

function csvField(value) {
	const text = value === null ? '' : String(value);

	if (/[",\n\r]/.test(text))
		return `"${text.replaceAll('"', '""')}"`;
	return text;
}

function loadSql(table, file, spec) {
	const columns = spec.split(',').map((pair) => {
		const [name, type] = pair.split(':');

		const valid = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
			&& /^[A-Z]+$/.test(type || '');

		if (!valid)
			fail(`bad column spec '${pair}'`);
		return `${quoteString(name)}: ${quoteString(type)}`;
	});

	return `CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv(`
		+ `${quoteString(file)}, header = true, delim = ',', `
		+ `quote = '"', escape = '"', `
		+ `columns = {${columns.join(', ')}})`;
}

async function runStatements(connection, sql) {
	const statements = await connection.extractStatements(sql);

	for (let i = 0; i < statements.count; i++) {
		const prepared = await statements.prepare(i);
		const type = prepared.statementType;
		const isQuery = type === duckdb.StatementType.SELECT;
		const reader = await prepared.runAndReadAll();

		if (!isQuery)
			continue;
		for (const row of reader.getRows()) {
			const line = row.map(csvField).join(',');

			process.stdout.write(`${line}\n`);
		}
	}
}

async function main(argv) {
	if (argv[0] === 'version') {
		process.stdout.write(`${duckdb.version()}\n`);
		return;
	}
	if (argv.length < 3)
		fail('usage: bench-duckdb.mjs DB load TABLE FILE SPEC'
		     + ' | DB sql FILE...');

	const instance = await duckdb.DuckDBInstance.create(argv[0]);
	const connection = await instance.connect();

	if (argv[1] === 'load' && argv.length === 5) {
		if (!/^[a-z_]+$/.test(argv[2]))
			fail(`bad table name '${argv[2]}'`);
		await connection.run(loadSql(argv[2], argv[3], argv[4]));
	} else if (argv[1] === 'sql') {
		for (const file of argv.slice(2)) {
			const sql = readFileSync(file, 'utf8');

			await runStatements(connection, sql);
		}
	} else {
		fail(`unknown step '${argv[1]}'`);
	}
	connection.closeSync();
	instance.closeSync();
}

main(process.argv.slice(2)).catch((error) => fail(error.message));
