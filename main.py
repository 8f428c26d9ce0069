"""`python main.py` does what the `keystone-desk` command does."""

from keystone_desk.app import main

if __name__ == "__main__":
    raise SystemExit(main())
