#!/usr/bin/env python
"""Same as the `mieux` console command, for tools that look for manage.py."""

from mieux.manage import main

if __name__ == "__main__":
    main()
