/** The bot scopes talkwatch asks for: the manifest lists exactly these, and the OAuth flow requests them. */
export const BOT_SCOPES = [
  'commands', // the /talks slash command
  'chat:write', // digests, alerts and replies in channels the app was invited to
  'users:read', // whether the person typing is a workspace admin or owner (feeds and alerts changes)
  'channels:history', // after a crash, whether a digest or alert already reached a public channel (no double posts)
  'groups:history', // the same for private channels the app was invited to
  'files:write', // the momentum chart with digests and status, uploaded into the message's thread
];
