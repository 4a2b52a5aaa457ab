// Runs SPARQL SELECT queries with Comunica (@comunica/query-sparql, installed by scripts/install.sh --test) and
// prints their rows as JSON: node comunica.mjs '[{"sources": [...], "query": "SELECT ..."}, ...]'
// A source is a URL Comunica dereferences (an /id/ URI) or {"type": "sparql", "value": ".../sparql"}.
import { QueryEngine } from '@comunica/query-sparql';

const jobs = JSON.parse(process.argv[2]);
const engine = new QueryEngine();
const answers = [];
for (const job of jobs) {
  const stream = await engine.queryBindings(job.query, { sources: job.sources, noCache: true });
  const rows = (await stream.toArray()).map((b) => Object.fromEntries([...b].map(([k, v]) => [k.value, v.value])));
  answers.push(rows);
}
process.stdout.write(JSON.stringify(answers));
