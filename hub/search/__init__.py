"""The search seam: everything that knows about Whoosh lives in this package.

Pages and commands use `search()`, `index_services()` (which also removes services that
are gone or inactive) and `rebuild_index()`; the database stays the one source of truth.
"""

from hub.search.index import index_services, open_index, rebuild_index
from hub.search.queries import SearchRequest, SearchResults, search

__all__ = [
    "SearchRequest",
    "SearchResults",
    "index_services",
    "open_index",
    "rebuild_index",
    "search",
]
