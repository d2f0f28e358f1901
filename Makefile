# Lore's developer entry points. `make run` and `make test` are all a new
# contributor needs; see README.md.

GO      ?= go
BIN     := bin/lore
PORT    ?= 1313
SIZES   ?= 1000,10000
RUNS    ?= 5
N       ?= 10000
# e.g. BENCHFLAGS="-cold" or BENCHFLAGS="-extra-args --no-search"
BENCHFLAGS ?=

.PHONY: build run test test-short race bench bench-go corpus pgo fuzz vet clean

build:
	$(GO) build -o $(BIN) ./cmd/lore

## run: build and serve the demo wiki in content/ with live reload
run: build
	./$(BIN) serve -s content --port $(PORT)

## test: every test, with the race detector
test: vet
	$(GO) test -race -timeout 20m ./...

test-short:
	$(GO) test -short ./...

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

## bench: Go benchmarks, then whole builds of generated wikis (vs Hugo when installed)
bench: build bench-go
	$(GO) run ./cmd/lore-bench -lore $(BIN) -sizes $(SIZES) -runs $(RUNS) $(BENCHFLAGS)

bench-go:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...

## corpus: generate a wiki of N pages into /tmp/lore-corpus-N
corpus:
	rm -rf /tmp/lore-corpus-$(N)
	$(GO) run ./cmd/lore-corpus -n $(N) -o /tmp/lore-corpus-$(N)

## pgo: refresh cmd/lore/default.pgo, the CPU profile Go optimizes lore
## with (about 4% faster builds), from a cold 10k-page build with search
pgo: build
	rm -rf /tmp/lore-pgo-corpus /tmp/lore-pgo-out
	$(GO) run ./cmd/lore-corpus -q -n 10000 -o /tmp/lore-pgo-corpus
	./$(BIN) build -q -s /tmp/lore-pgo-corpus -d /tmp/lore-pgo-out --cpuprofile cmd/lore/default.pgo

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 30s ./builder/page/

clean:
	rm -rf bin public content/public
