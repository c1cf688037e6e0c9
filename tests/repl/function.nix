{ greeting ? "hello" }: { inherit greeting; }
