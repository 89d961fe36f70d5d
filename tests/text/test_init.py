import subprocess
import sys

import textmine.text


def test_import_has_no_heavy_side_effects():
    code = (
        "import sys, logging, textmine.text;"
        "print(sorted(m for m in ('jieba','pandas','opencc','torch','rjieba') if m in sys.modules));"
        "print(logging.getLogger('jieba').handlers)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "[]"]
