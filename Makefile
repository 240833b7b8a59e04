# Shortcuts; the scripts do the work so that a machine without make can run them too.
.PHONY: demo test build install clean-demo examples eval

demo:
	scripts/demo.sh

test:
	scripts/test.sh

build:
	swift build

# Put `intake` on PATH: a release build, linked statically against the Swift runtime (it starts
# sooner, which counts for a cron-driven poll), copied to $(PREFIX)/bin.
PREFIX ?= /usr/local
install:
	swift build -c release --static-swift-stdlib --product intake
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 .build/release/intake $(DESTDIR)$(PREFIX)/bin/intake

# Forget the example desk's store and outgoing mail, to see the first run again.
clean-demo:
	rm -rf data/example-desk

# Rebuild the example inbox from its generator.
examples:
	python3 scripts/make-example-inbox.py examples/inbox

# Score the extractor against the hand-written expected documents: the evaluation fixtures
# (office supplies), two desks with catalogs of their own (a coffee roastery, electronic parts),
# the example inbox; then, apart, the blind rounds in fixtures/blind/ (written by someone who had
# not read the extractor, each for a business of its own).
eval:
	swift build --product intake
	python3 scripts/eval.py fixtures/eval/messages fixtures/eval/expected
	python3 scripts/eval.py --config fixtures/eval-roastery/config fixtures/eval-roastery/messages fixtures/eval-roastery/expected
	python3 scripts/eval.py --config fixtures/eval-parts/config fixtures/eval-parts/messages fixtures/eval-parts/expected
	python3 scripts/eval.py
	@echo "== blind rounds (mail written without reading the extractor; scored apart)"
	@for round in fixtures/blind/*/; do \
		[ -d "$$round/messages" ] || continue; \
		echo "-- $$round"; \
		python3 scripts/eval.py --round "$$round"; \
	done
	@echo "== all blind rounds together"
	@python3 scripts/eval.py $$(for round in fixtures/blind/*/; do [ -d "$$round/messages" ] && printf -- '--round %s ' "$$round"; done) | grep -v '  miss:'
