import type { CodeRequestRepository } from '../repositories.js';
import type { CodeRequest } from '../schema.js';
import type { Db } from './db.js';

export class PgCodeRequests implements CodeRequestRepository {
  constructor(private readonly db: Db) {}

  async since(phoneNumber: string, since: number): Promise<number[]> {
    const rows = await this.db.read<{ at: Date }>('SELECT at FROM code_requests WHERE phone_number = $1 AND at >= $2::timestamptz ORDER BY at, seq', [
      phoneNumber,
      new Date(since),
    ]);
    return rows.map((row) => row.at.getTime());
  }

  async record(request: CodeRequest, since: number, max: number): Promise<boolean> {
    // Held to the end of the enclosing transaction: a second caller for the number waits, then counts the first one's request.
    await this.db.write("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':code_requests:' || $1, 0))", [request.phoneNumber]);
    await this.db.write('DELETE FROM code_requests WHERE phone_number = $1 AND at < $2::timestamptz', [request.phoneNumber, new Date(since)]);
    const at = Number.isNaN(Date.parse(request.at)) ? new Date() : new Date(request.at);
    const counted = await this.db.write(
      `INSERT INTO code_requests (phone_number, at, doc)
       SELECT $1, $2::timestamptz, $3
       WHERE (SELECT count(*) FROM code_requests WHERE phone_number = $1 AND at >= $4::timestamptz) < $5
       RETURNING seq`,
      [request.phoneNumber, at, request, new Date(since), max],
    );
    return counted.length > 0;
  }

  async forget(phoneNumber: string, senderId: string, at: string): Promise<void> {
    await this.db.write(
      `DELETE FROM code_requests WHERE seq = (
         SELECT seq FROM code_requests WHERE phone_number = $1 AND doc->>'senderId' = $2 AND doc->>'at' = $3 ORDER BY seq LIMIT 1
       )`,
      [phoneNumber, senderId, at],
    );
  }
}
