"""`python -m levantcrawl` is the `levantcrawl` command."""

from __future__ import annotations

import sys

from levantcrawl.cli import main

sys.exit(main())
