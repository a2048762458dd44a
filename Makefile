# Shortcuts for the stack scripts (see docs/quickstart.md).
.PHONY: up down env

up: ## start the stack (docker compose, or natively without an engine) and wait for /readyz
	npm run stack:up

down: ## stop what `make up` started
	npm run stack:down

env: ## regenerate .env.example from the config schema
	npm run stack:env
