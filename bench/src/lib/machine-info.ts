import os from "node:os";
import type { Pool } from "pg";

/** CPU, memory, Node and PostgreSQL facts recorded with every result file. */
export async function machineInfo(admin: Pool): Promise<Record<string, string | number>> {
  const setting = async (name: string) =>
    (await admin.query<{ v: string }>(`select current_setting('${name}') v`)).rows[0]?.v ?? "?";
  return {
    hostname: os.hostname(),
    cpuModel: os.cpus()[0]?.model ?? "?",
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: (await setting("server_version")).split(" ")[0] ?? "?",
    pgSharedBuffers: await setting("shared_buffers"),
    pgSynchronousCommit: await setting("synchronous_commit"),
    pgFsync: await setting("fsync"),
    pgMaxConnections: await setting("max_connections"),
  };
}
