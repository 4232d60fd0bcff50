/*
 * simulate.c - "apoyo simulate": write a synthetic scenario with its
 * right answer (see src/sim.h and apoyo-simulate(1)).
 */
#include <stdio.h>
#include <string.h>

#include "../src/sim.h"
#include "cmd.h"

static const char usage[] =
	"apoyo simulate [--scenario jalisco-2018|federal-2018] [--scale F] "
	"[--seed N]\n"
	"                      [--images] [--rate STATUS=R|FRAUD=R]... "
	"[--preset bronco-2018]\n"
	"                      [--force] --out DIR";

struct rate_state {
	struct sim_options *opt;
	int given, frauds_given;
};

/* --rate STATUS=R, repeatable. */
static int take_rate(void *value, int argc, char **argv)
{
	struct rate_state *rs = value;
	char code[48];
	const char *eq;
	int64_t rate;
	int st;

	if (argc < 1) {
		err_msg("option '--rate' needs a value (STATUS=R)");
		return -1;
	}
	eq = strchr(argv[0], '=');
	if (!eq || (size_t)(eq - argv[0]) >= sizeof(code)) {
		err_msg("option '--rate': expected STATUS=R, found '%s'",
			argv[0]);
		return -1;
	}
	memcpy(code, argv[0], (size_t)(eq - argv[0]));
	code[eq - argv[0]] = '\0';
	st = status_from_code(code);
	if (st < 0 && sim_fraud_from_name(code) >= 0) {
		if (sim_parse_fraction(eq + 1, &rate))
			goto bad_rate;
		rs->opt->fraud[sim_fraud_from_name(code)] = rate;
		rs->frauds_given = 1;
		return 1;
	}
	if (st < 0 || !sim_rate_settable(st)) {
		err_msg("option '--rate': '%s' is not a status the generator "
			"injects "
			"(see apoyo-simulate(1))",
			code);
		return -1;
	}
	if (sim_parse_fraction(eq + 1, &rate)) {
bad_rate:
		err_msg("option '--rate': expected a rate from 0 to 1, found "
			"'%s'",
			eq + 1);
		return -1;
	}
	rs->opt->rate[st] = rate;
	rs->given = 1;
	return 1;
}

static int check_choices(struct sim_options *o, const char *scenario,
			 const char *preset, const char *scale, int rates_given,
			 int frauds_given)
{
	int64_t sum = 0;
	int st;

	if (scenario && sim_scenario_from_name(scenario, &o->scenario)) {
		err_msg("unknown scenario '%s' (expected jalisco-2018 or "
			"federal-2018)",
			scenario);
		return EXIT_USAGE;
	}
	if (preset && strcmp(preset, "bronco-2018")) {
		err_msg("unknown preset '%s' (expected bronco-2018)", preset);
		return EXIT_USAGE;
	}
	if (preset) {
		if (scenario && o->scenario != SIM_FEDERAL_2018) {
			err_msg("preset 'bronco-2018' runs on the federal-2018 "
				"scenario");
			return EXIT_USAGE;
		}
		if (rates_given) {
			err_msg("--rate cannot be combined with a preset (its "
				"counts are fixed)");
			return EXIT_USAGE;
		}
		if (o->images) {
			err_msg("--images cannot be combined with a preset (its "
				"inconsistencias arrive as decisions only)");
			return EXIT_USAGE;
		}
		o->scenario = SIM_FEDERAL_2018;
		o->preset = SIM_BRONCO_2018;
	}
	if (frauds_given && !o->images) {
		err_msg("a fraud rate needs --images");
		return EXIT_USAGE;
	}
	if (scale && (sim_parse_fraction(scale, &o->scale) || o->scale == 0)) {
		err_msg("option '--scale': expected a number greater than 0 "
			"and at most 1, "
			"found '%s'",
			scale);
		return EXIT_USAGE;
	}
	for (st = 0; st < ST_COUNT; st++)
		sum += o->rate[st];
	for (st = 0; o->images && st < SF_COUNT; st++)
		sum += o->fraud[st];
	if (sum > SIM_ONE) {
		err_msg("the rates add up to more than 1 (rates not given keep "
			"their defaults)");
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_simulate(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct sim_options o;
	struct rate_state rates = { &o, 0, 0 };
	const char *scenario = NULL, *preset = NULL, *scale = NULL;
	long seed = 2018;
	int force = 0, rc;
	struct opt opts[] = {
		{ 0, "scenario", "NAME", OPT_STRING, &scenario,
		  "jalisco-2018 (default) or federal-2018", 0, 0, NULL },
		{ 0, "scale", "F", OPT_STRING, &scale,
		  "share of the real lista nominal, 0 < F <= 1 (default 1)",
		  0, 0, NULL },
		{ 0, "seed", "N", OPT_LONG, &seed,
		  "seed of every random choice (default 2018)", 0,
		  9007199254740991.0, NULL },
		{ 0, "rate", "STATUS=R", OPT_FUNC, &rates,
		  "share of supports given STATUS, or with --images a fraud "
		  "(fotocopia, simulacion, foto_reutilizada, sin_firma, "
		  "imagen_faltante, imagen_ilegible); repeatable",
		  0, 0, take_rate },
		{ 0, "images", NULL, OPT_FLAG, &o.images,
		  "write small card, photo and signature images into DIR/img "
		  "and plant the frauds", 0, 0, NULL },
		{ 0, "preset", "NAME", OPT_STRING, &preset,
		  "bronco-2018: J. Rodriguez 2018, without the 1,869 "
		  "paper-exception supports; its inconsistencias arrive as "
		  "decisiones.csv, no images", 0, 0, NULL },
		{ 0, "out", "DIR", OPT_STRING, &o.out_dir,
		  "folder for the files (created if missing)", 0, 0, NULL },
		{ 0, "force", NULL, OPT_FLAG, &force,
		  "overwrite existing files", 0, 0, NULL },
		{ 0 }
	};

	sim_options_init(&o);
	if ((rc = cmd_parse_options_only(ctx, usage, opts, argc, argv)))
		return rc;
	if (!o.out_dir || !*o.out_dir) {
		err_msg("missing --out DIR (see -h)");
		return EXIT_USAGE;
	}
	if ((rc = check_choices(&o, scenario, preset, scale, rates.given,
				 rates.frauds_given)))
		return rc;
	o.seed = (uint64_t)seed;
	o.force = force;
	return sim_run(&o);
}
