// The reference job (JOB.md) in Polars, through the npm package nodejs-polars (multi-threaded).
// node polars_job.mjs INPUT.csv OUTPUT.csv
// Threads: the environment variable POLARS_MAX_THREADS (read once, when Polars starts its
// thread pool; default: the number of CPUs).
import pl from 'nodejs-polars';
const [input, output] = process.argv.slice(2);
const text = { customer_id: pl.Utf8, kam_agreement: pl.Utf8, reference_customer: pl.Utf8,
               industry_leader: pl.Utf8, complexity: pl.Utf8, notes: pl.Utf8, name: pl.Utf8 };
const df = pl.readCSV(input, { dtypes: text, inferSchemaLength: 10000 });
const c = pl.col, lit = pl.lit;
const rev = c('revenue_2025'), prev = c('revenue_2024');
const n = rev.count();
const revenueScore = pl.when(rev.isNull()).then(lit(0))
  .when(n.eq(1)).then(lit(100))
  .otherwise(rev.rank('min').cast(pl.Float64).minus(1).mul(100).div(n.cast(pl.Float64).minus(1)));
const pot = c('wallet_size').minus(rev);
const potentialScore = pl.when(pot.isNull()).then(lit(0))
  .when(pot.gt(1000000)).then(lit(100)).when(pot.gt(0)).then(pot.div(10000)).otherwise(lit(0));
const m = c('contribution_margin_pct');
const marginScore = pl.when(m.isNull()).then(lit(0)).when(m.lt(10)).then(lit(0))
  .when(m.lt(25)).then(lit(50)).otherwise(lit(100));
const g = rev.div(prev).minus(1).mul(200).plus(50);
const growthScore = pl.when(prev.gt(0).and(rev.isNotNull()))
  .then(pl.when(g.lt(0)).then(lit(0)).when(g.gt(100)).then(lit(100)).otherwise(g)).otherwise(lit(0));
const score = revenueScore.mul(0.4).plus(potentialScore.mul(0.3)).plus(marginScore.mul(0.2)).plus(growthScore.mul(0.1));
const flag = (e) => pl.when(e).then(lit(1)).otherwise(lit(0));
const strategic = flag(c('reference_customer').eq(lit('true'))).plus(flag(c('industry_leader').eq(lit('true'))))
  .plus(flag(c('countries').gtEq(5))).plus(flag(c('complexity').eq(lit('high'))));
const out = df.select(c('customer_id'), score.alias('score'), strategic.cast(pl.Int32).alias('strategic_met'),
                      rev.alias('rev'), c('kam_agreement'))
  .select(c('customer_id'), c('score').round(2).alias('score'), c('strategic_met'),
    pl.when(c('score').gtEq(70).and(c('strategic_met').gtEq(1)).and(c('kam_agreement').eq(lit('yes'))))
      .then(lit('key_account'))
      .when(c('rev').gtEq(1000000).or(c('score').gtEq(70))).then(lit('large_customer'))
      .otherwise(lit('standard')).alias('tier'));
out.writeCSV(output, { floatPrecision: 2 });   // JOB.md: score with two decimals
