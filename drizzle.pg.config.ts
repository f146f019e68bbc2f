import { defineConfig } from "drizzle-kit";

// The PostgreSQL schema's migrations; drizzle.config.ts is SQLite's.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/pg/schema",
  out: "./migrations-pg",
});
