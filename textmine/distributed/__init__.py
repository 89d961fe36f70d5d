"""textmine on a Dask cluster: :func:`analyze_dask` runs ``analyze``'s chunked run with the chunks after the
discovery sample coded by the workers, with the same results as on one machine; :class:`DaskEngine` is the cluster
(an existing one, or a local one it starts); :func:`read_partitions` reads a partitioned input by partitions.
:func:`analyze_large` analyses a partitioned survey with the client's memory bounded: the workers read their
partitions and write the row-level files, and only counts and compact columns come back.

Needs the ``dask`` extra: ``pip install 'textmine[dask]'``. Importing this package does not import Dask.
"""

from ._analyze_dask import analyze_dask
from ._engine import DaskEngine
from ._large import LargeAnalysis, analyze_large
from ._partitions import is_partitioned, partition_paths, read_partitions

__all__ = ["DaskEngine", "LargeAnalysis", "analyze_dask", "analyze_large", "is_partitioned", "partition_paths",
           "read_partitions"]
