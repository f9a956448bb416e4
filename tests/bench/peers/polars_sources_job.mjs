// The three-source job (JOB-sources.md) in Polars, through the npm package nodejs-polars.
// node polars_sources_job.mjs CRM.csv ERP.csv NPS.csv OUTPUT.csv
// Threads: POLARS_MAX_THREADS, as for polars_job.mjs. The ERP file's text is ASCII, so it is
// read as UTF-8; its decimal commas are turned into points before the cast.
import pl from 'nodejs-polars';
const [crmPath, erpPath, npsPath, output] = process.argv.slice(2);
const c = pl.col, lit = pl.lit;
const text = { customer_id: pl.Utf8, kam_agreement: pl.Utf8, reference_customer: pl.Utf8,
               industry_leader: pl.Utf8, complexity: pl.Utf8, notes: pl.Utf8, name: pl.Utf8 };
const crm = pl.readCSV(crmPath, { dtypes: text, inferSchemaLength: 10000 })
  .withColumns(c('customer_id').str.slice(1).str.replace('^0+', '').alias('debtor'));
const amount = (name) => c(name).str.replace(',', '.').cast(pl.Float64);
const erp = pl.readCSV(erpPath, { sep: ';', dtypes: { Debitor: pl.Utf8, Umsatz: pl.Utf8, DB: pl.Utf8, Sparte: pl.Utf8 } })
  .filter(c('Jahr').eq(2025))
  .select(c('Debitor').str.replace('^0+', '').alias('debtor'), amount('Umsatz').alias('u'), amount('DB').alias('d'))
  .groupBy('debtor').agg(c('u').sum().alias('erp_revenue'), c('d').sum().alias('erp_margin'));
const flag = (e) => pl.when(e).then(lit(1)).otherwise(lit(0));
const nps = pl.readCSV(npsPath, { dtypes: { customer_id: pl.Utf8 } })
  .groupBy('customer_id').agg(flag(c('score').gtEq(9)).sum().alias('p'), flag(c('score').ltEq(6)).sum().alias('d'),
                              c('score').count().alias('n'))
  .select(c('customer_id'), c('p').minus(c('d')).cast(pl.Float64).mul(100).div(c('n')).alias('survey_nps'));
const df = crm.join(erp, { on: 'debtor', how: 'left' }).join(nps, { on: 'customer_id', how: 'left' });
const rev = c('erp_revenue');
const n = rev.count();
const revenueScore = pl.when(rev.isNull()).then(lit(0))
  .when(n.eq(1)).then(lit(100))
  .otherwise(rev.rank('min').cast(pl.Float64).minus(1).mul(100).div(n.cast(pl.Float64).minus(1)));
const pct = pl.when(rev.gt(0)).then(c('erp_margin').mul(100).div(rev)).otherwise(lit(null));
const marginScore = pl.when(pct.isNull()).then(lit(0)).when(pct.lt(10)).then(lit(0))
  .when(pct.lt(25)).then(lit(50)).otherwise(lit(100));
const s = c('survey_nps').plus(100).div(2);
const npsScore = pl.when(s.isNull()).then(lit(0)).when(s.lt(0)).then(lit(0)).when(s.gt(100)).then(lit(100)).otherwise(s);
const score = revenueScore.mul(0.5).plus(marginScore.mul(0.3)).plus(npsScore.mul(0.2));
const strategic = flag(c('reference_customer').eq(lit('true'))).plus(flag(c('industry_leader').eq(lit('true'))))
  .plus(flag(c('countries').gtEq(5))).plus(flag(c('complexity').eq(lit('high'))));
const out = df.select(c('customer_id'), score.alias('score'), strategic.cast(pl.Int32).alias('strategic_met'),
                      rev.alias('rev'), c('kam_agreement'))
  .select(c('customer_id'), c('score').round(2).alias('score'), c('strategic_met'),
    pl.when(c('score').gtEq(70).and(c('strategic_met').gtEq(1)).and(c('kam_agreement').eq(lit('yes'))))
      .then(lit('key_account'))
      .when(c('rev').gtEq(1000000).or(c('score').gtEq(70))).then(lit('large_customer'))
      .otherwise(lit('standard')).alias('tier'));
out.writeCSV(output, { floatPrecision: 2 });
