"""`make bench`: run every benchmark and print its table (JSON in bench/results/)."""

from bench import embeddings, slots

if __name__ == "__main__":
    embeddings.main()
    slots.main()
