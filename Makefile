PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.textmine-installed

.PHONY: install demo test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch==2.13.0 first: a CPU build on these machines; an unpinned torch would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## demo: install, then run the main job on the bundled synthetic survey (report in demo_out/), then the closed-loop
## commands on its contact log, second wave and referral table
demo: install
	$(BIN)/textmine analyze examples/demo_survey.csv --text 推荐原因 --score 推荐意愿 --id 编号 \
		--date 提交时间 --segment 渠道 --segment 城市级别 --out demo_out
	$(BIN)/textmine cadence examples/demo_contacts.csv --survey examples/demo_survey.csv --out demo_out/cadence
	$(BIN)/textmine panel examples/demo_survey.csv examples/demo_wave2.csv --id 编号 --themes demo_out \
		--fixed 物流,快递,发货,配送小哥,包裹 --out demo_out/panel
	$(BIN)/textmine referrals examples/demo_survey.csv --referrals examples/demo_referrals.csv --out demo_out/referrals
	@echo "open demo_out/report.html (and demo_out/cadence/cadence.html)"

## test: install, then run the whole test suite (offline)
test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) demo_out .pytest_cache
