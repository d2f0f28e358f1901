package corpus

// The word lists below are ordered from most to least frequent: the
// generator draws from them with a Zipf distribution, so the first entries
// dominate the text the way "the" and "service" dominate a real wiki, and
// the tail gives search something rare to find.

var people = []string{
	"alice", "bob", "chen", "dana", "emeka", "fatima", "giulia", "hiro",
	"ines", "jonas", "kavya", "lars", "maya", "nikolai", "olu", "priya",
	"quentin", "rosa", "sven", "tariq", "uma", "viktor", "wen", "ximena",
	"yusuf", "zoe", "amara", "bruno", "camille", "diego", "elif", "farid",
	"greta", "hana", "igor", "jamal", "keiko", "leon", "mei", "noah",
}

var teams = []string{
	"payments", "platform", "mobile", "search", "growth", "data", "security", "web",
}

var tagVocab = []string{
	"postgres", "kubernetes", "ci", "deploy", "incident", "oncall", "go",
	"testing", "performance", "observability", "api", "security", "typescript",
	"react", "architecture", "debugging", "learning", "planning", "code-review",
	"documentation", "flaky-tests", "logging", "metrics", "tracing", "secrets",
	"auth", "grpc", "kafka", "redis", "caching", "migrations", "sql",
	"terraform", "aws", "docker", "helm", "networking", "dns", "tls", "rust",
	"python", "android", "ios", "frontend", "accessibility", "design",
	"product", "hiring", "onboarding", "career", "estimation", "refactoring",
	"billing", "ledger", "search", "data-pipeline", "ml", "cost", "gcp",
	"compliance",
}

// topics are the subjects pages are about. Each has a tag and a few terms
// that the page repeats, so a page about Postgres says "vacuum" often.
type topic struct {
	tag   string
	terms []string
}

var topics = []topic{
	{"postgres", []string{"postgres", "vacuum", "replica", "index", "query plan", "connection pool", "wal", "failover"}},
	{"kubernetes", []string{"pod", "deployment", "namespace", "node pool", "ingress", "helm chart", "readiness probe", "autoscaler"}},
	{"ci", []string{"pipeline", "runner", "build cache", "artifact", "workflow", "merge queue", "test shard"}},
	{"deploy", []string{"rollout", "canary", "rollback", "release train", "feature flag", "blue-green deploy"}},
	{"incident", []string{"incident", "pager", "postmortem", "timeline", "mitigation", "status page", "severity"}},
	{"go", []string{"goroutine", "channel", "context", "interface", "race detector", "pprof", "module", "generics"}},
	{"rust", []string{"borrow checker", "lifetime", "trait", "cargo", "async runtime", "ownership"}},
	{"typescript", []string{"type guard", "union type", "bundler", "tsconfig", "promise", "module resolution"}},
	{"react", []string{"component", "hook", "render", "state", "suspense", "hydration"}},
	{"kafka", []string{"topic", "partition", "consumer group", "offset", "broker", "schema registry"}},
	{"redis", []string{"cache", "eviction", "ttl", "cluster", "lua script", "hot key"}},
	{"observability", []string{"dashboard", "alert", "trace", "span", "log line", "slo", "error budget"}},
	{"security", []string{"secret", "token", "certificate", "audit log", "least privilege", "threat model"}},
	{"billing", []string{"invoice", "ledger", "refund", "payout", "currency", "idempotency key"}},
	{"search", []string{"index", "query", "ranking", "tokenizer", "relevance", "synonym"}},
	{"mobile", []string{"release build", "app store", "crash report", "offline mode", "push notification"}},
	{"data-pipeline", []string{"batch job", "warehouse", "backfill", "schema", "partition", "dag"}},
	{"terraform", []string{"module", "state file", "plan", "provider", "drift", "workspace"}},
	{"testing", []string{"test suite", "fixture", "mock", "flaky test", "golden file", "coverage"}},
	{"career", []string{"feedback", "promotion", "growth plan", "goal", "one-on-one", "sponsor"}},
}

var nouns = []string{
	"service", "team", "change", "test", "deploy", "database", "request",
	"release", "issue", "ticket", "config", "cluster", "query", "error",
	"user", "customer", "pipeline", "build", "alert", "review", "team lead",
	"endpoint", "job", "migration", "branch", "dashboard", "incident",
	"process", "document", "meeting", "sprint", "backlog", "latency",
	"timeout", "retry", "queue", "worker", "cache", "schema", "table",
	"index", "log", "metric", "trace", "rollout", "feature", "flag",
	"contract", "client", "server", "library", "dependency", "version",
	"container", "image", "node", "region", "budget", "estimate", "plan",
	"decision", "question", "owner", "runbook", "handler", "payload",
	"response", "certificate", "token", "secret", "permission", "role",
	"staging environment", "production", "load balancer", "proxy",
	"connection", "thread", "goroutine", "lock", "transaction", "batch",
	"snapshot", "backup", "replica", "shard", "partition", "consumer",
	"producer", "event", "message", "webhook", "scheduler", "cron job",
	"benchmark", "profile", "memory leak", "regression", "hotfix",
	"checklist", "template", "diagram", "prototype", "spike", "roadmap",
	"stakeholder", "interview", "onboarding buddy", "mentor", "bottleneck",
	"throughput", "tail latency", "heap", "garbage collector", "compiler",
	"linter", "formatter", "monorepo", "codeowner", "pull request",
	"commit", "diff", "tag", "artifact", "registry", "manifest", "sidecar",
	"quota", "rate limiter", "circuit breaker", "idempotency", "invariant",
	"edge case", "race condition", "deadlock", "off-by-one error",
}

var verbs = []string{
	"check", "deploy", "update", "run", "fix", "review", "merge", "test",
	"add", "remove", "move", "rename", "document", "monitor", "restart",
	"measure", "profile", "debug", "refactor", "split", "cache", "retry",
	"migrate", "roll back", "pin", "bump", "rotate", "revoke", "page",
	"escalate", "triage", "estimate", "ship", "pair on", "timebox",
	"automate", "deprecate", "benchmark", "shard", "throttle", "backfill",
	"reindex", "vendor", "bisect", "instrument", "quarantine",
}

// verbsT take an object ("the cache drops the message"), verbsI do not
// ("the cache times out").
var verbsT = []string{
	"needs", "breaks", "returns", "blocks", "depends on", "calls", "writes",
	"reads", "owns", "replaces", "improves", "slows down", "speeds up",
	"hides", "exposes", "drops", "duplicates", "logs", "skips", "locks",
	"retries", "caches", "overloads", "starves",
}

var verbsI = []string{
	"fails", "works", "times out", "breaks", "retries", "scales", "degrades",
	"recovers", "flaps", "saturates", "panics", "slows down", "leaks memory",
	"runs out of memory", "hangs", "restarts",
}

var adjectives = []string{
	"new", "old", "slow", "fast", "flaky", "stable", "small", "large",
	"simple", "hard", "easy", "clear", "unclear", "critical", "minor",
	"manual", "automatic", "expensive", "cheap", "noisy", "quiet", "stale",
	"safe", "risky", "internal", "external", "shared", "legacy", "brittle",
	"robust", "idempotent", "eventual", "consistent", "concurrent",
	"read-only", "long-running", "backwards-compatible", "blameless",
}

var adverbs = []string{
	"usually", "often", "again", "quickly", "slowly", "carefully", "first",
	"later", "already", "still", "only", "never", "always", "sometimes",
	"eventually", "manually", "automatically", "locally", "in production",
	"on staging", "every sprint", "by Friday", "during on-call", "at peak load",
}

// sentenceTemplates give the text some grammar. Slots: {n} noun, {v} verb,
// {vt}/{vi} third-person verbs, {a} adjective, {d} adverb, {t} the page's topic
// term, {c} inline code, {l} a link, {p} a person, {team} a team.
var sentenceTemplates = []string{
	"The {n} {vi} when the {n} {vi} {d}.",
	"We {v} the {n} before we {v} the {t}.",
	"If the {t} is {a}, {v} the {n} and check the {n} again.",
	"The {a} {n} {vi} {d}, so we {v} it {d}.",
	"{P} suggested that we {v} the {t} instead of the {n}.",
	"Run {cmd} to {v} the {n}.",
	"See {l} for the details.",
	"This is the same {n} as in {l}.",
	"The {t} {vt} the {n}, which {vt} the {a} {n}.",
	"Most of the time the {n} is {a}, but the {t} {vi} {d}.",
	"Our {team} team {vt} the {t} and {vt} the {n}.",
	"We agreed to {v} the {n} {d} and to {v} the {t} after that.",
	"Nobody knew why the {t} {vi}, so {P} {vt} the {n}.",
	"A {a} {n} is better than a {a} {t}.",
	"In {c} the {n} {vi} {d}.",
	"The {n} is {a} because the {t} {vt} the {n}.",
	"Before you {v} the {t}, {v} the {n} with {cmd}.",
	"It {vi} {d}, and the {n} {vt} the {a} {t}.",
	"{P} and {P} will {v} the {n} {d}.",
	"The question is whether to {v} the {t} or to {v} the {n}.",
	"When the {n} {vi}, the {t} {vi} too.",
	"We learned that the {t} {vi} {d} and that a {a} {n} helps.",
	"Keep the {n} {a} and the {t} {a}.",
	"There is a {a} {n} in the {t}: see {l}.",
	"The {team} {n} {vi} {d}; we should {v} it.",
	"Set {c} and {v} the {t} {d}.",
	"Why does the {t} {v} the {n}? Because the {n} {vi}.",
	"Do not {v} the {n} without a {a} {n}.",
	"The {n} from {l} {vt} the {t}.",
	"I {v} the {t} {d} and it {vi}.",
}

var inlineCode = []string{
	"kubectl get pods", "go test -race ./...", "SELECT count(*) FROM invoices",
	"ctx.Done()", "max_connections", "LORE_ENV=staging", "--dry-run",
	"git rebase -i main", "pg_stat_activity", "http.Client", "useEffect",
	"terraform plan", "make lint", "docker compose up", "EXPLAIN ANALYZE",
	"errgroup.Group", "sync.Mutex", "helm upgrade --install", "redis-cli INFO",
	"kafka-consumer-groups", "npm run build", "pytest -k slow", "cargo clippy",
	"VACUUM (VERBOSE)", "statement_timeout", "GOMAXPROCS", "X-Request-ID",
	"retry_after", "idempotency_key", "/healthz", "/readyz", "config.yaml",
	"feature_flags.enabled", "kubectl rollout undo", "git bisect run",
	"go tool pprof", "SIGTERM", "503", "429", "p99", "OOMKilled",
	"CrashLoopBackOff", "ON CONFLICT DO NOTHING", "time.Since(start)",
	"json.Unmarshal", "strings.Builder", "select {}", "defer cancel()",
}

var commands = []string{
	"kubectl get pods", "go test -race ./...", "terraform plan", "make lint",
	"docker compose up", "git rebase -i main", "helm upgrade --install",
	"redis-cli INFO", "npm run build", "kafka-consumer-groups --describe",
	"pytest -k slow", "cargo clippy", "kubectl rollout undo",
	"git bisect run", "go tool pprof", "psql -c 'EXPLAIN ANALYZE'",
}

var externalLinks = []string{
	"https://go.dev/doc/effective_go",
	"https://go.dev/blog/pipelines",
	"https://pkg.go.dev/context",
	"https://www.postgresql.org/docs/current/mvcc.html",
	"https://www.postgresql.org/docs/current/routine-vacuuming.html",
	"https://kubernetes.io/docs/concepts/workloads/pods/",
	"https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
	"https://sre.google/sre-book/postmortem-culture/",
	"https://sre.google/workbook/alerting-on-slos/",
	"https://martinfowler.com/articles/feature-toggles.html",
	"https://martinfowler.com/bliki/StranglerFigApplication.html",
	"https://kafka.apache.org/documentation/#consumerconfigs",
	"https://redis.io/docs/latest/develop/use/keyspace/",
	"https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/429",
	"https://www.typescriptlang.org/docs/handbook/2/narrowing.html",
	"https://react.dev/reference/react/useEffect",
	"https://doc.rust-lang.org/book/ch10-03-lifetime-syntax.html",
	"https://developer.hashicorp.com/terraform/language/state",
	"https://opentelemetry.io/docs/concepts/signals/traces/",
	"https://en.wikipedia.org/wiki/Idempotence",
	"https://en.wikipedia.org/wiki/Circuit_breaker_design_pattern",
	"https://www.atlassian.com/team-playbook/plays/retrospective",
	"https://github.com/golang/go/wiki/CodeReviewComments",
	"https://12factor.net/config",
	"https://semver.org/",
}

var freeHeadings = []string{
	"Background", "Context", "What I learned", "Open questions", "Notes",
	"Details", "How it works", "Gotchas", "Examples", "References",
	"Further reading", "Summary", "Why it matters", "Trade-offs",
	"Alternatives", "Performance", "Configuration", "Failure modes",
	"Monitoring", "Setup", "Next steps", "Ideas", "Problems", "Experiments",
	"Results", "Questions for the team", "Links", "FAQ", "Design",
	"Implementation", "Testing", "Rollout", "Security considerations",
	"Cost", "Decision", "Current state", "Known issues", "History",
	"Glossary", "Checklist", "Limits", "Migration plan", "Ownership",
	"Metrics", "Risks",
}

var kindHeadings = map[kind][][]string{
	kindRetro:     {{"What went well", "What to improve", "Action items"}},
	kindMentoring: {{"Since last time", "Goals", "Discussion", "Action items"}, {"Check-in", "Topics", "Feedback", "Next steps"}},
	kindMeeting: {
		{"Agenda", "Notes", "Decisions", "Action items"},
		{"Summary", "Timeline", "Root cause", "What went well", "What went wrong", "Action items"},
		{"Attendees", "Agenda", "Discussion", "Action items"},
	},
	kindHowto: {
		{"Prerequisites", "Steps", "Verify", "Rollback", "Troubleshooting", "See also"},
		{"When to use this", "Steps", "Troubleshooting"},
		{"Overview", "Prerequisites", "Steps", "Clean up"},
	},
}

var howtoVerbs = []string{
	"deploying", "debugging", "rotating", "running", "testing", "migrating",
	"monitoring", "scaling", "restoring", "upgrading", "configuring",
	"profiling", "rolling-back", "releasing", "backfilling", "reindexing",
	"onboarding-to", "writing", "reviewing", "benchmarking", "securing",
	"tuning", "bootstrapping", "decommissioning", "load-testing",
	"observing", "documenting", "caching", "sharding", "archiving",
}

var howtoObjects = []string{
	"the-api", "the-worker", "postgres", "the-ledger", "redis",
	"kafka-consumers", "the-mobile-app", "the-search-index", "secrets",
	"tls-certificates", "the-local-stack", "feature-flags", "helm-charts",
	"terraform-modules", "the-ci-pipeline", "flaky-tests", "database-migrations",
	"the-billing-service", "webhooks", "cron-jobs", "the-load-balancer",
	"dns-records", "the-staging-environment", "grafana-dashboards",
	"alerting-rules", "the-payments-gateway", "the-data-warehouse",
	"the-frontend", "storybook", "the-design-system", "background-jobs",
	"the-graphql-gateway", "s3-buckets", "iam-roles", "docker-images",
	"go-services", "the-rust-sidecar", "python-notebooks", "read-replicas",
	"the-event-bus", "the-rate-limiter", "oauth-clients", "audit-logs",
	"the-refund-flow", "push-notifications", "android-builds", "ios-builds",
	"the-wiki", "the-monorepo", "the-status-page",
}

var environments = []string{"in-staging", "in-production", "in-ci", "locally", "on-kubernetes", "for-payments", "for-mobile", "safely"}

var journalPrefixes = []string{
	"learning", "notes-on", "reading-about", "debugging", "experimenting-with",
	"first-steps-with", "revisiting", "deep-dive-into", "til", "week-notes",
	"thoughts-on", "pairing-on", "struggling-with",
}

var meetingKinds = []string{
	"architecture-review", "planning", "postmortem", "incident-review",
	"all-hands", "guild", "design-review", "quarterly-planning", "demo-day",
	"tech-debt-review", "hiring-sync", "security-review",
}

var noteTree = []struct {
	dir  string
	subs []string
}{
	{"databases", []string{"postgres", "redis", "kafka", "elasticsearch"}},
	{"infrastructure", []string{"kubernetes", "terraform", "networking", "observability"}},
	{"languages", []string{"go", "rust", "typescript", "python"}},
	{"frontend", []string{"react", "css", "accessibility", "performance"}},
	{"process", []string{"planning", "code-review", "incidents", "hiring"}},
	{"security", []string{"auth", "secrets", "compliance"}},
	{"data", []string{"pipelines", "warehouse", "ml"}},
	{"product", []string{"billing", "search", "mobile"}},
}

var noteDeeper = []string{"archive", "drafts", "reading", "cheatsheets"}

var noteConcepts = []string{
	"connection-pooling", "query-plans", "indexes", "replication", "backups",
	"failover", "schema-design", "error-handling", "concurrency", "testing",
	"benchmarks", "profiling", "memory-usage", "configuration", "deployment",
	"monitoring", "alerting", "capacity-planning", "cost", "security-model",
	"access-control", "rate-limits", "timeouts", "retries", "caching",
	"pagination", "versioning", "migrations", "naming", "code-style",
	"dependency-updates", "release-process", "feature-flags", "logging",
	"tracing", "metrics", "dashboards", "runbooks", "on-call", "postmortems",
	"estimation", "interviews", "career-ladder", "architecture",
	"build-times", "local-development", "debugging", "gotchas", "faq",
	"reading-list", "glossary", "cheatsheet", "design-notes", "open-questions",
	"tuning", "limits", "internals", "history", "alternatives", "roadmap",
}

var calloutKinds = []string{"note", "tip", "warning", "info", "important", "danger", "example", "question", "todo", "bug"}

var tableSchemes = [][]string{
	{"Service", "Owner", "Status"},
	{"Metric", "Before", "After"},
	{"Option", "Pros", "Cons"},
	{"Date", "Who", "What"},
	{"Environment", "URL", "Notes"},
	{"Step", "Command", "Expected result"},
	{"Risk", "Likelihood", "Mitigation"},
}

var imageStems = []string{"diagram", "screenshot", "architecture", "graph", "flame-graph", "whiteboard", "dashboard", "sequence"}

var codeSnippets = map[string][]string{
	"go": {
		"func {Name}(ctx context.Context, id string) error {\n\tctx, cancel := context.WithTimeout(ctx, 5*time.Second)\n\tdefer cancel()\n\tif err := {name}.Fetch(ctx, id); err != nil {\n\t\treturn fmt.Errorf(\"{name} %s: %w\", id, err)\n\t}\n\treturn nil\n}",
		"type {Name} struct {\n\tmu    sync.Mutex\n\titems map[string]int\n}\n\nfunc (s *{Name}) Add(key string) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\ts.items[key]++\n}",
		"g, ctx := errgroup.WithContext(ctx)\ng.SetLimit(runtime.GOMAXPROCS(0))\nfor _, {name} := range {name}s {\n\tg.Go(func() error { return process(ctx, {name}) })\n}\nif err := g.Wait(); err != nil {\n\tlog.Printf(\"{name}: %v\", err)\n}",
	},
	"bash": {
		"kubectl -n {name} get pods -l app={name}\nkubectl -n {name} rollout status deploy/{name} --timeout=5m\nkubectl -n {name} logs deploy/{name} --since=10m | grep -i error",
		"#!/usr/bin/env bash\nset -euo pipefail\nfor env in staging production; do\n  echo \"deploying {name} to $env\"\n  ./scripts/deploy.sh \"$env\" {name} --wait\ndone",
		"git fetch origin\ngit switch -c fix/{name} origin/main\ngo test -race -count=1 ./{name}/...",
	},
	"yaml": {
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {num}\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: registry.example.com/{name}:v1.{num}.0\n          resources:\n            limits:\n              memory: 512Mi",
		"alerts:\n  - name: {Name}HighLatency\n    expr: histogram_quantile(0.99, rate({name}_duration_seconds_bucket[5m])) > 0.5\n    for: 10m\n    labels:\n      severity: page",
		"{name}:\n  enabled: true\n  timeout: {num}s\n  retries: 3\n  endpoints:\n    - https://{name}.internal.example.com",
	},
	"sql": {
		"SELECT {name}_id, count(*) AS n\nFROM {name}s\nWHERE created_at > now() - interval '{num} days'\nGROUP BY {name}_id\nORDER BY n DESC\nLIMIT 20;",
		"BEGIN;\nALTER TABLE {name}s ADD COLUMN archived_at timestamptz;\nCREATE INDEX CONCURRENTLY {name}s_archived_idx ON {name}s (archived_at);\nCOMMIT;",
		"EXPLAIN (ANALYZE, BUFFERS)\nSELECT * FROM {name}s WHERE customer_id = $1 AND status = 'open';",
	},
	"ts": {
		"export async function fetch{Name}(id: string): Promise<{Name}> {\n  const res = await fetch(`/api/{name}s/${id}`);\n  if (!res.ok) {\n    throw new Error(`{name} ${id}: ${res.status}`);\n  }\n  return (await res.json()) as {Name};\n}",
		"type {Name}State =\n  | { kind: \"loading\" }\n  | { kind: \"ready\"; items: string[] }\n  | { kind: \"failed\"; error: string };",
	},
	"python": {
		"def {name}_report(rows):\n    totals = {}\n    for row in rows:\n        totals[row[\"team\"]] = totals.get(row[\"team\"], 0) + row[\"{name}\"]\n    return sorted(totals.items(), key=lambda kv: kv[1], reverse=True)",
		"import pandas as pd\n\ndf = pd.read_parquet(\"s3://warehouse/{name}/\")\nprint(df.groupby(\"day\")[\"{name}\"].describe())",
	},
}

var codeLangs = []string{"go", "bash", "yaml", "sql", "ts", "python"}

var codeNames = []string{"invoice", "payout", "order", "session", "ledger", "refund", "webhook", "shipment", "account", "report", "worker", "index"}
