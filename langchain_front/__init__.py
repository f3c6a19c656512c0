"""langchain-front."""
