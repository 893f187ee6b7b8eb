"""Domain services: the product's rules. Each public function is one use case in one transaction.
Nothing here imports FastAPI."""
