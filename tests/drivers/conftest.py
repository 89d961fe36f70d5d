import numpy as np
import pandas as pd
import pytest


def simulate(n=2000, T=4, seed=0, signed=True):
    """A small synthetic survey: signed theme codes and scores from known effects."""
    rng = np.random.default_rng(seed)
    codes = rng.choice([0, 1, -1, 2, 3], size=(n, T), p=[0.55, 0.18, 0.18, 0.06, 0.03])
    if not signed:
        codes = (codes != 0).astype(int)
    pos, neg = np.isin(codes, (1, 3)), np.isin(codes, (-1, 3))
    reward = np.array([1.0, 0.4, 0.0, 0.8, 0.2, 0.1][:T])
    penalty = np.array([2.0, 0.3, 1.0, 0.1, 1.5, 0.5][:T])
    lat = 7.5 + pos @ reward - neg @ penalty + rng.normal(0, 2, n)
    df = pd.DataFrame(codes, columns=[f"t{i}" for i in range(T)])
    df["score"] = np.clip(np.round(lat), 0, 10).astype(int)
    df["seg"] = rng.choice(["a", "b"], n)
    df["wt"] = rng.uniform(0.5, 2.0, n)
    df["period"] = rng.choice(["2024", "2025"], n)
    return df


@pytest.fixture
def survey():
    return simulate()


@pytest.fixture
def make_survey():
    return simulate
