import type { ChatSender, CommandRunner } from '../../core/ports.ts';
import type { HttpServer } from '../http.ts';
import type { Logger } from '../logger.ts';
import type { InstallationRecords } from '../../db/installation-store.ts';

export interface FrontEndContext {
  /** runs a command through core and returns the reply to render */
  run: CommandRunner;
  /** the service's HTTP server, for front ends that receive requests (Slack events at /slack/events) */
  http: HttpServer;
  log: Logger;
  /**
   * Where a platform with one installation per workspace (a distributed Slack app) keeps them, and how it pauses a
   * tenant whose installation ended. The service always passes it; a front end that needs it and lacks it refuses
   * to start.
   */
  tenants?: {
    installations: InstallationRecords;
    pauseTenant(tenant: string, reason: string): Promise<number>;
  };
}

/** A chat front end: receives commands from its platform and sends deliveries to it. */
export interface FrontEnd extends ChatSender {
  start(ctx: FrontEndContext): Promise<void>;
  /** stop receiving; let sends in flight finish */
  stop(): Promise<void>;
}
