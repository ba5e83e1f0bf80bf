"""Reference fixtures for the segmentation and risk-features tests.

Writes (committed, small):
  crates/segmentation/tests/fixtures/sklearn.json   StandardScaler + silhouette_score cases
  crates/risk-features/tests/fixtures/uci_sample.xls  UCI .xls layout (two header rows), via xlwt

Run: python3 tools/sklearn_fixtures.py   (numpy, scikit-learn, xlwt from PyPI)
"""
import json
import pathlib

import numpy as np
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

ROOT = pathlib.Path(__file__).resolve().parent.parent
rng = np.random.RandomState(7)

cases = []
# Scaler: heavy-tailed columns plus a constant column.
x = np.c_[rng.exponential(5.0, 40), rng.normal(0, 1, 40), np.full(40, 3.5), rng.lognormal(10, 1, 40)]
sc = StandardScaler().fit(x)
scaler = {"x": x.tolist(), "mean": sc.mean_.tolist(), "scale": sc.scale_.tolist(),
          "transformed": sc.transform(x).tolist()}

def sil_case(name, x, labels):
    cases.append({"name": name, "x": np.asarray(x).tolist(), "labels": [int(v) for v in labels],
                  "silhouette": float(silhouette_score(np.asarray(x), labels))})

# Three blobs in 4-D, 90 rows.
centers = rng.normal(0, 3, (3, 4))
lab = rng.randint(0, 3, 90)
sil_case("blobs_4d", centers[lab] + rng.normal(0, 1, (90, 4)), lab)
# A singleton cluster (its point scores 0) plus duplicated rows.
x2 = rng.normal(0, 1, (30, 4)); x2[5] = x2[6]
lab2 = np.r_[np.zeros(15, int), np.ones(14, int), [2]]
sil_case("singleton_cluster", x2, lab2)
# Non-contiguous label values and 2-D data.
x3 = rng.uniform(-1, 1, (41, 2)); lab3 = rng.choice([3, 10, 42, 7], 41)
sil_case("sparse_labels_2d", x3, lab3)
# Heavy overlap (negative silhouettes).
x4 = rng.normal(0, 1, (60, 4)); lab4 = rng.randint(0, 4, 60)
sil_case("random_labels", x4, lab4)

out = ROOT / "crates/segmentation/tests/fixtures/sklearn.json"
out.write_text(json.dumps({"scaler": scaler, "silhouette": cases}, indent=1))
print("wrote", out)

try:
    import xlwt
except ImportError:  # pragma: no cover
    xlwt = None
if xlwt is not None:
    names = (["ID", "LIMIT_BAL", "SEX", "EDUCATION", "MARRIAGE", "AGE",
              "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"]
             + [f"BILL_AMT{i}" for i in range(1, 7)] + [f"PAY_AMT{i}" for i in range(1, 7)]
             + ["default payment next month"])
    rows = [
        [1, 20000, 2, 2, 1, 24, 2, 2, -1, -1, -2, -2, 3913, 3102, 689, 0, 0, 0, 0, 689, 0, 0, 0, 0, 1],
        [2, 120000, 2, 2, 2, 26, -1, 2, 0, 0, 0, 2, 2682, 1725, 2682, 3272, 3455, 3261, 0, 1000, 1000, 1000, 0, 2000, 1],
        [3, 90000, 2, 2, 2, 34, 0, 0, 0, 0, 0, 0, 29239, 14027, 13559, 14331, 14948, 15549, 1518, 1500, 1000, 1000, 1000, 5000, 0],
    ]
    book = xlwt.Workbook()
    sheet = book.add_sheet("Data")
    sheet.write(0, 0, "")
    for j in range(1, 24):
        sheet.write(0, j, f"X{j}")
    sheet.write(0, 24, "Y")
    for j, n in enumerate(names):
        sheet.write(1, j, n)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            sheet.write(2 + i, j, v)
    xls = ROOT / "crates/risk-features/tests/fixtures/uci_sample.xls"
    book.save(str(xls))
    print("wrote", xls)
