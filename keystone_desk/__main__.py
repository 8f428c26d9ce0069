"""`python -m keystone_desk` does what the `keystone-desk` command does."""

from keystone_desk.app import main

raise SystemExit(main())
