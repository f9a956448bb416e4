# Thin wrapper around CMake. `make demo` and `make test` work on a fresh Debian 12 machine.
BUILD ?= build
JOBS ?= $(shell nproc)
PACKAGES = cmake g++ make pkg-config libcli11-dev libfmt-dev libyaml-cpp-dev doctest-dev libxlsxwriter-dev libssl-dev \
           libzip-dev libexpat1-dev
# Only for `make test`: the rule-file schema check (Python), and LibreOffice, which opens the
# workbooks kamscore writes the way a sales board will (tests/xlsx/; skipped where it is absent).
TEST_PACKAGES = python3-jsonschema python3-yaml libreoffice-calc-nogui
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps test-deps install-missing build demo test clean

deps:
	@$(MAKE) --no-print-directory install-missing WANTED="$(PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-missing WANTED="$(PACKAGES) $(TEST_PACKAGES)"

install-missing:
	@missing=$$(for p in $(WANTED); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/kamscore score -r rules/kam-funnel.yaml examples/crm-export.csv -f table --sort tier --top 30
	@echo "(the best 30 of 300 customers, key accounts first; examples/README.md has more to try)"
	@echo
	@echo "How all 300 split into the three classes, and where the funnel drops them:"
	./$(BUILD)/kamscore summary examples/crm-export.csv -r rules/kam-funnel.yaml

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)
