"""The performance harness (`make bench`); outside the package, never part of `make test`."""
