"""`make bench`: run every benchmark and print its table (JSON in bench/results/)."""

from bench import cold_start, embeddings, slots

if __name__ == "__main__":
    cold_start.main()
    embeddings.main()
    slots.main()
