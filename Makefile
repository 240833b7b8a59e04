# Shortcuts; the scripts do the work so that a machine without make can run them too.
.PHONY: demo test build clean-demo examples

demo:
	scripts/demo.sh

test:
	scripts/test.sh

build:
	swift build

# Forget the example desk's store and outgoing mail, to see the first run again.
clean-demo:
	rm -rf data/example-desk

# Rebuild the example inbox from its generator.
examples:
	python3 scripts/make-example-inbox.py examples/inbox
