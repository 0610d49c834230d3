#!/usr/bin/env python
from sectorplan.cli.main import main

if __name__ == "__main__":
    main()
