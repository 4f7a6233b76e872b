import type { FastifyInstance } from "fastify";
import { MigrationClient } from "../../client";
import { createApiServer, type ApiServerOptions } from "../../api/server";
import type { TestConnection } from "./temporal";

/** The API over the shared dev server on `taskQueue`, for `inject`; close it when done. */
export async function apiFor(
  test: Pick<TestConnection, "client">,
  taskQueue: string,
  options: Partial<ApiServerOptions> = {},
): Promise<FastifyInstance> {
  return createApiServer({
    migrations: new MigrationClient(test.client, taskQueue, {
      answerTimeoutMs: 10_000,
    }),
    ...options,
  });
}
