# Mutation checks: plant each small bug of tests/mutations.txt in a copy of the tree and check the tests
# named for it catch it (scripts/mutate.sh; docs/testing.md). Slow, so not part of `make test`.
.PHONY: mutate

mutate: all
	sh scripts/mutate.sh
