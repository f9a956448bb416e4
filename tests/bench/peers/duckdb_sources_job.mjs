// The three-source job (JOB-sources.md) as DuckDB SQL, run through @duckdb/node-api.
// node duckdb_sources_job.mjs CRM.csv ERP.csv NPS.csv OUTPUT.csv [threads]
// Prints the number of unmatched ERP lines on standard error.
import { DuckDBInstance } from '@duckdb/node-api';

const [crm, erp, nps, output, threads = '1'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
const q = (s) => s.replaceAll("'", "''");
await con.run(`
CREATE TEMP TABLE erp AS
  SELECT ltrim(Debitor, '0') AS debtor, Jahr, Umsatz, DB
  FROM read_csv('${q(erp)}', header = true, delim = ';', decimal_separator = ',', encoding = 'latin-1',
                types = {'Debitor': 'VARCHAR', 'Jahr': 'INTEGER', 'Umsatz': 'DOUBLE', 'DB': 'DOUBLE'})`);
await con.run(`
COPY (
  WITH crm AS (
    SELECT *, row_number() OVER () AS ord, ltrim(substr(customer_id, 2), '0') AS debtor
    FROM read_csv('${q(crm)}', header = true,
                  types = {'customer_id': 'VARCHAR', 'kam_agreement': 'VARCHAR',
                           'reference_customer': 'VARCHAR', 'industry_leader': 'VARCHAR',
                           'complexity': 'VARCHAR'})
  ),
  revenue AS (
    SELECT debtor, sum(Umsatz) AS erp_revenue, sum(DB) AS erp_margin
    FROM erp WHERE Jahr = 2025 GROUP BY debtor
  ),
  answers AS (
    SELECT customer_id,
      100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) AS survey_nps
    FROM read_csv('${q(nps)}', header = true, types = {'customer_id': 'VARCHAR', 'score': 'INTEGER'})
    GROUP BY customer_id
  ),
  joined AS (
    SELECT crm.*, erp_revenue,
      CASE WHEN erp_revenue > 0 THEN 100 * erp_margin / erp_revenue END AS margin_pct, survey_nps
    FROM crm LEFT JOIN revenue USING (debtor) LEFT JOIN answers USING (customer_id)
  ),
  ranked AS (
    SELECT *,
      CASE WHEN erp_revenue IS NULL THEN 0
           WHEN count(erp_revenue) OVER () = 1 THEN 100
           ELSE 100.0 * (rank() OVER (PARTITION BY erp_revenue IS NULL ORDER BY erp_revenue) - 1)
                / (count(erp_revenue) OVER () - 1) END AS rs
    FROM joined
  ),
  scored AS (
    SELECT ord, customer_id,
      0.5 * rs
      + 0.3 * CASE WHEN margin_pct IS NULL THEN 0 WHEN margin_pct < 10 THEN 0
                   WHEN margin_pct < 25 THEN 50 ELSE 100 END
      + 0.2 * coalesce(least(greatest((survey_nps + 100) / 2, 0), 100), 0) AS score,
      (coalesce(reference_customer = 'true', false))::INT
      + (coalesce(industry_leader = 'true', false))::INT
      + (coalesce(countries >= 5, false))::INT
      + (coalesce(complexity = 'high', false))::INT AS strategic_met,
      erp_revenue, kam_agreement
    FROM ranked
  )
  SELECT customer_id, printf('%.2f', score) AS score, strategic_met,
    CASE WHEN score >= 70 AND strategic_met >= 1 AND kam_agreement = 'yes' THEN 'key_account'
         WHEN erp_revenue >= 1000000 OR score >= 70 THEN 'large_customer'
         ELSE 'standard' END AS tier
  FROM scored ORDER BY ord
) TO '${q(output)}' (HEADER, DELIMITER ',', QUOTE '')`);
const unmatched = await con.runAndReadAll(`
  SELECT count(*) FROM erp
  WHERE debtor NOT IN (SELECT ltrim(substr(customer_id, 2), '0')
                       FROM read_csv('${q(crm)}', header = true, types = {'customer_id': 'VARCHAR'}))`);
console.error(`unmatched ERP lines: ${unmatched.getRows()[0][0]}`);
