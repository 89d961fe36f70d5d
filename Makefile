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

## demo: install, then the main job on the bundled synthetic survey as a team runs it: discover the themes, record
## who fixes which and when (codebook set), analyse again with that codebook and the closed-loop files (contact log,
## second wave with the delivery complaints fixed, referral table); report in demo_out/report.html
DEMO_ARGS := examples/demo_survey.csv --text 推荐原因 --score 推荐意愿 --id 编号 --date 提交时间 \
	--segment 渠道 --segment 城市级别 --out demo_out
demo: install
	$(BIN)/textmine analyze $(DEMO_ARGS)
	$(BIN)/textmine codebook set demo_out/codebook.yaml 物流 --owner 物流部 --horizon now
	$(BIN)/textmine codebook set demo_out/codebook.yaml 快递 --owner 物流部 --horizon now
	$(BIN)/textmine codebook set demo_out/codebook.yaml 发货 --owner 仓储部 --horizon now
	$(BIN)/textmine codebook set demo_out/codebook.yaml APP --owner 技术部 --horizon now
	$(BIN)/textmine codebook set demo_out/codebook.yaml 价格 --owner 商品运营部 --horizon later
	$(BIN)/textmine codebook set demo_out/codebook.yaml 质量 --owner 品控部 --horizon later
	$(BIN)/textmine analyze $(DEMO_ARGS) --codebook demo_out/codebook.yaml \
		--contacts examples/demo_contacts.csv --referrals examples/demo_referrals.csv \
		--next-wave examples/demo_wave2.csv --fixed 物流,快递,发货,配送小哥,包裹
	@echo "open demo_out/report.html"

## test: install, then run the whole test suite (offline)
test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) demo_out .pytest_cache
