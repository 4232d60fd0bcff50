/*
 * sim.c - "apoyo simulate" as a library call: options, defaults, and the
 * writing of a scenario's files (sim.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "sim.h"
#include "simgeo.h"
#include "simperson.h"
#include "simplan.h"

/*
 * Default rates: shares of the supports received. Where the 2018 press
 * figures give one (apoyo-simulate(1), SEE ALSO), the rate is that share:
 * Jaime Rodríguez's categories of his 2,034,403 supports, and Armando Ríos
 * Piter's 112,359 same-aspirant duplicates of 1,765,728. The others were
 * not published as categories of their own and are small choices.
 */
static const struct {
	int status;
	int64_t count, of;
} default_rates[] = {
	{ ST_DUPLICADO_OTRO_ASPIRANTE, 266357, 2034403 },
	{ ST_DUPLICADO_MISMO_ASPIRANTE, 112359, 1765728 },
	{ ST_PADRON_NO_LN, 11748, 2034403 },
	{ ST_BAJA, 15938, 2034403 },
	{ ST_NO_ENCONTRADO, 6630, 2034403 },
	{ ST_CREDENCIAL_NO_VIGENTE, 2, 1000 },
	{ ST_FUERA_DE_AMBITO, 2, 1000 },
	{ ST_FUERA_DE_PLAZO, 1, 1000 },
	{ ST_DATOS_INVALIDOS, 1, 1000 },
};

#define N_DEFAULT_RATES (sizeof(default_rates) / sizeof(default_rates[0]))

static const char *const output_files[] = {
	"geo.csv",      "roll.csv",  "aspirants.csv",
	"supports.csv", "truth.csv", "expected-tally.json",
	"scenario.txt", "decisiones.csv"
};

enum output {
	OUT_GEO,
	OUT_ROLL,
	OUT_ASPIRANTS,
	OUT_SUPPORTS,
	OUT_TRUTH,
	OUT_TALLY,
	OUT_SCENARIO,
	OUT_DECISIONS,
	OUT_COUNT
};

/*
 * The frauds --images plants, their --rate names, the subtype a reviewer
 * gives them and their default rates (small choices: a few of each in a
 * test scenario). SF_OTRA and SF_DOCUMENTO come only from the preset.
 */
static const struct {
	const char *name, *subtype;
	int64_t rate;
} frauds[SF_COUNT] = {
	[SF_OTRA] = { NULL, "otra", 0 },
	[SF_SIMULACION] = { "simulacion", "simulacion", 10000000 },
	[SF_FOTOCOPIA] = { "fotocopia", "fotocopia", 10000000 },
	[SF_DOCUMENTO] = { NULL, "documento_no_valido", 0 },
	[SF_FOTO_REUTILIZADA] = { "foto_reutilizada", "foto_no_viva",
				  5000000 },
	[SF_SIN_FIRMA] = { "sin_firma", "sin_firma", 5000000 },
	[SF_IMAGEN_FALTANTE] = { "imagen_faltante", "imagen_faltante",
				 5000000 },
	[SF_IMAGEN_ILEGIBLE] = { "imagen_ilegible", "imagen_ilegible",
				 3000000 },
};

const char *sim_fraud_name(int fraud)
{
	return fraud >= 0 && fraud < SF_COUNT ? frauds[fraud].name : NULL;
}

int sim_fraud_from_name(const char *name)
{
	int f;

	for (f = 0; f < SF_COUNT; f++)
		if (frauds[f].name && !strcmp(frauds[f].name, name))
			return f;
	return -1;
}

const char *sim_fraud_subtype(int fraud)
{
	return frauds[fraud].subtype;
}

int sim_rate_settable(int status)
{
	size_t i;

	for (i = 0; i < N_DEFAULT_RATES; i++)
		if (default_rates[i].status == status)
			return 1;
	return 0;
}

int64_t sim_default_rate(int status)
{
	size_t i;

	for (i = 0; i < N_DEFAULT_RATES; i++)
		if (default_rates[i].status == status)
			return (default_rates[i].count * SIM_ONE +
				default_rates[i].of / 2) /
			       default_rates[i].of;
	return 0;
}

void sim_options_init(struct sim_options *o)
{
	int st;

	memset(o, 0, sizeof(*o));
	o->scenario = SIM_JALISCO_2018;
	o->preset = SIM_NO_PRESET;
	o->seed = 2018;
	o->scale = SIM_ONE;
	for (st = 0; st < ST_COUNT; st++)
		o->rate[st] = sim_default_rate(st);
	for (st = 0; st < SF_COUNT; st++)
		o->fraud[st] = frauds[st].rate;
}

int sim_parse_fraction(const char *text, int64_t *billionths)
{
	int64_t whole = 0, frac = 0, unit = SIM_ONE;
	const char *p = text;
	int digits = 0;

	for (; *p >= '0' && *p <= '9' && digits < 3; p++, digits++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9' && unit > 1; p++) {
			unit /= 10;
			frac += (*p - '0') * unit;
			digits++;
		}
	}
	if (*p || digits == 0 || whole > 1 || (whole == 1 && frac > 0))
		return -1;
	*billionths = whole * SIM_ONE + frac;
	return 0;
}

static const char *const scenario_names[] = { "jalisco-2018", "federal-2018" };

int sim_scenario_from_name(const char *name, enum sim_scenario *out)
{
	if (!strcmp(name, scenario_names[SIM_JALISCO_2018]))
		*out = SIM_JALISCO_2018;
	else if (!strcmp(name, scenario_names[SIM_FEDERAL_2018]))
		*out = SIM_FEDERAL_2018;
	else
		return -1;
	return 0;
}

const char *sim_scenario_name(enum sim_scenario sc)
{
	return scenario_names[sc];
}

const char *sim_scenario_rules(enum sim_scenario sc)
{
	return sc == SIM_JALISCO_2018 ? "jalisco-2018" : "federal";
}

/* Billionths as a short decimal: 2000000 -> "0.002". */
static void fraction_text(int64_t b, char *out, size_t cap)
{
	char digits[16];
	int n;

	snprintf(digits, sizeof(digits), "%09lld", (long long)(b % SIM_ONE));
	for (n = 9; n > 0 && digits[n - 1] == '0'; n--)
		digits[n - 1] = '\0';
	if (n == 0)
		snprintf(out, cap, "%lld", (long long)(b / SIM_ONE));
	else
		snprintf(out, cap, "%lld.%s", (long long)(b / SIM_ONE), digits);
}

/* mkdir -p DIR. Returns 0 or EXIT_ENV after a message. */
static int make_dir(const char *dir)
{
	char path[4096];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof(path)) {
		err_msg("cannot create '%s': path too long", dir);
		return EXIT_ENV;
	}
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			err_msg("cannot create '%s': %s", path,
				strerror(errno));
			return EXIT_ENV;
		}
		path[i] = dir[i];
	}
	return 0;
}

static void join(char *out, size_t cap, const char *dir, const char *prefix,
		 const char *name)
{
	snprintf(out, cap, "%s/%s%s", dir, prefix, name);
}

static int refuse_overwrite(const struct sim_options *o)
{
	char path[4096];
	struct stat st;
	size_t i;

	for (i = 0; !o->force && i < OUT_COUNT; i++) {
		join(path, sizeof(path), o->out_dir, "", output_files[i]);
		if (stat(path, &st) == 0) {
			err_msg("'%s' exists (use --force to overwrite)", path);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static void write_scenario(const struct sim_options *o, const struct sim_geo *g,
			   const struct sim_plan *p, int64_t rows,
			   struct sim_out *out)
{
	static const char *const steps[] = {
		"import geo geo.csv",
		"import roll roll.csv",
		"import aspirants aspirants.csv",
		"import supports supports.csv",
		"verify",
		"review decide --file decisiones.csv --reviewer sim",
		"tally --format json    # compare with expected-tally.json"
	};
	char text[64];
	size_t i;
	int st;

	sim_out_str(out, "# apoyo simulate: how this scenario was made and how "
			 "to check it\n");
	sim_out_str(out, "scenario=");
	sim_out_str(out, sim_scenario_name(o->scenario));
	sim_out_str(out, o->preset == SIM_BRONCO_2018 ? "\npreset=bronco-2018"
						      : "\npreset=none");
	sim_out_str(out, "\nseed=");
	sim_out_uint(out, o->seed);
	fraction_text(o->scale, text, sizeof(text));
	sim_out_str(out, "\nscale=");
	sim_out_str(out, text);
	sim_out_str(out, "\nrules=");
	sim_out_str(out, sim_scenario_rules(o->scenario));
	sim_out_str(out, "\nutc_offset=-06:00\nsecciones=");
	sim_out_uint(out, g->n);
	sim_out_str(out, "\nlista_nominal=");
	sim_out_int(out, g->lista_nominal);
	sim_out_str(out, "\nroll_rows=");
	sim_out_int(out, rows);
	sim_out_str(out, "\nsupports=");
	sim_out_int(out, p->supports);
	for (st = 0; o->preset == SIM_NO_PRESET && st < ST_COUNT; st++) {
		if (!sim_rate_settable(st))
			continue;
		fraction_text(o->rate[st], text, sizeof(text));
		sim_out_str(out, "\nrate.");
		sim_out_str(out, status_table[st].code);
		sim_out_char(out, '=');
		sim_out_str(out, text);
	}
	sim_out_str(out, o->images ? "\nimages=yes" : "\nimages=no");
	for (st = 0; o->images && st < SF_COUNT; st++) {
		if (!frauds[st].name)
			continue;
		fraction_text(o->fraud[st], text, sizeof(text));
		sim_out_str(out, "\nrate.");
		sim_out_str(out, frauds[st].name);
		sim_out_char(out, '=');
		sim_out_str(out, text);
	}
	sim_out_str(out, "\n# to check it against truth.csv and "
			 "expected-tally.json:\n#   apoyo init --rules ");
	sim_out_str(out, sim_scenario_rules(o->scenario));
	sim_out_str(out, " --utc-offset -06:00\n");
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		sim_out_str(out, "#   apoyo ");
		sim_out_str(out, steps[i]);
		sim_out_char(out, '\n');
	}
}

static int64_t roll_rows(const struct sim_geo *g)
{
	int64_t rows = 0;
	size_t i;

	for (i = 0; i < g->n; i++)
		rows += (int64_t)g->sec[i].ln + g->sec[i].padron +
			g->sec[i].bajas;
	return rows;
}

/* Writes every file under a temporary name; renames them when all are good. */
static int write_all(const struct sim_options *o, struct sim_geo *g,
		     struct sim_plan *p)
{
	struct sim_out out[OUT_COUNT];
	char tmp[4096], final[4096];
	int i, rc = 0;

	memset(out, 0, sizeof(out));
	for (i = 0; i < OUT_COUNT && !rc; i++) {
		join(tmp, sizeof(tmp), o->out_dir, ".tmp.", output_files[i]);
		rc = sim_out_open(&out[i], tmp);
	}
	if (!rc) {
		sim_geo_write(g, &out[OUT_GEO]);
		sim_plan_write_aspirants(p, &out[OUT_ASPIRANTS]);
		sim_roll_write(g, &out[OUT_ROLL]);
		rc = sim_plan_write_supports(p, &out[OUT_SUPPORTS],
					     &out[OUT_TRUTH],
					     &out[OUT_DECISIONS]);
	}
	if (!rc) {
		rc = sim_plan_write_tally(p, &out[OUT_TALLY]);
		write_scenario(o, g, p, roll_rows(g), &out[OUT_SCENARIO]);
	}
	for (i = 0; i < OUT_COUNT; i++) {
		int closed = sim_out_close(&out[i]);

		if (closed && !rc)
			rc = closed;
	}
	for (i = 0; i < OUT_COUNT; i++) {
		join(tmp, sizeof(tmp), o->out_dir, ".tmp.", output_files[i]);
		join(final, sizeof(final), o->out_dir, "", output_files[i]);
		if (rc)
			unlink(tmp);
		else if (rename(tmp, final) != 0) {
			err_msg("cannot rename '%s' to '%s': %s", tmp, final,
				strerror(errno));
			rc = EXIT_ENV;
		}
	}
	return rc;
}

int sim_run(const struct sim_options *o)
{
	struct sim_geo geo;
	struct sim_plan *plan = NULL;
	int rc;

	if ((rc = sim_person_init()) || (rc = make_dir(o->out_dir)) ||
	    (rc = refuse_overwrite(o)))
		return rc;
	if ((rc = sim_geo_build(o->scenario, o->scale, o->seed, &geo)))
		return rc;
	rc = sim_plan_make(o, &geo, &plan);
	if (!rc)
		rc = write_all(o, &geo, plan);
	if (!rc)
		err_info("wrote %zu secciones, %lld roll rows (%lld in the "
			 "lista nominal) and %lld supports to '%s'",
			 geo.n, (long long)roll_rows(&geo),
			 (long long)geo.lista_nominal,
			 (long long)plan->supports, o->out_dir);
	sim_plan_free(plan);
	sim_geo_free(&geo);
	return rc;
}
