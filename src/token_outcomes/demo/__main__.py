"""python -m token_outcomes.demo --out DIR [--seed --people --days --end-date ...]: write the demo
landing data (cli.py) and print what each source must yield."""

from token_outcomes.demo.cli import main, print_sources

if __name__ == "__main__":
    print_sources(main())
