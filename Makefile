# Proofmark: thin wrappers over scripts/.
.PHONY: build test demo bench fuzz

build:
	scripts/build.sh

test:
	scripts/test.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

fuzz:
	scripts/fuzz.sh
