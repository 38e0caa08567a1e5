import type { ChatSender, CommandRunner } from '../../core/ports.ts';
import type { HttpServer } from '../http.ts';
import type { Logger } from '../logger.ts';

export interface FrontEndContext {
  /** runs a command through core and returns the reply to render */
  run: CommandRunner;
  /** the service's HTTP server, for front ends that receive requests (Slack events at /slack/events) */
  http: HttpServer;
  log: Logger;
}

/** A chat front end: receives commands from its platform and sends deliveries to it. */
export interface FrontEnd extends ChatSender {
  start(ctx: FrontEndContext): Promise<void>;
  /** stop receiving; let sends in flight finish */
  stop(): Promise<void>;
}
