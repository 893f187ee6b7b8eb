"""`make bench`: run every benchmark and print its table (JSON in bench/results/)."""

from bench import cold_start, contention, embeddings, matching, reminders, slots, warm

if __name__ == "__main__":
    for benchmark in (cold_start, warm, contention, slots, matching, reminders, embeddings):
        benchmark.main()
