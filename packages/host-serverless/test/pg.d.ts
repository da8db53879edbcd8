// The slice of `pg` the tests use (the package has no `@types/pg`).
declare module "pg" {
  class Client {
    constructor(config: { connectionString: string });
    connect(): Promise<void>;
    query(text: string): Promise<unknown>;
    end(): Promise<void>;
  }
  const pg: { Client: typeof Client };
  export default pg;
}
