/**
 * Gateway payloads for the fake Discord, typed with discord-api-types so a missing field fails the typecheck
 * instead of silently stopping discord.js from emitting the event.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  InteractionType,
  Locale,
  PermissionFlagsBits,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIInteractionGuildMember,
  type GuildMemberFlags,
} from 'discord-api-types/v10';

export const GUILD_ID = '800000000000000001';
export const CHANNEL_ID = '700000000000000001';

/** member.permissions as Discord sends it: the member's permissions in the channel, a decimal string */
export const PLAIN_MEMBER = String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseApplicationCommands);
export const CHANNEL_MANAGER = String(BigInt(PLAIN_MEMBER) | PermissionFlagsBits.ManageChannels);
/** Manage Server: what a server's own feeds need */
export const SERVER_MANAGER = String(BigInt(CHANNEL_MANAGER) | PermissionFlagsBits.ManageGuild);

let counter = 0;

/** Options as Discord nests them: group > subcommand > values. `path` is e.g. ['alerts', 'set-stall'] or ['status']. */
export function commandOptions(path: string[], values: Record<string, string | number | boolean> = {}): APIApplicationCommandInteractionDataOption[] {
  const leaves: APIApplicationCommandInteractionDataBasicOption[] = Object.entries(values).map(([name, value]) =>
    typeof value === 'number'
      ? { name, type: ApplicationCommandOptionType.Integer, value }
      : typeof value === 'boolean'
        ? { name, type: ApplicationCommandOptionType.Boolean, value }
        : { name, type: ApplicationCommandOptionType.String, value },
  );
  const [first, second] = path;
  if (!first) return leaves;
  const sub = { name: second ?? first, type: ApplicationCommandOptionType.Subcommand as const, options: leaves };
  return second ? [{ name: first, type: ApplicationCommandOptionType.SubcommandGroup, options: [sub] }] : [sub];
}

function member(permissions: string, userId: string): APIInteractionGuildMember {
  return {
    user: { id: userId, username: `user${userId.slice(-3)}`, discriminator: '0', global_name: null, avatar: null },
    roles: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    permissions,
  };
}

const base = (applicationId: string, permissions: string, userId: string, guildId = GUILD_ID, channelId = CHANNEL_ID) => ({
  application_id: applicationId,
  guild_id: guildId,
  guild: { id: guildId, features: [], locale: Locale.EnglishUS },
  channel: { id: channelId, type: ChannelType.GuildText as const },
  channel_id: channelId,
  member: member(permissions, userId),
  version: 1 as const,
  app_permissions: '19456',
  locale: Locale.EnglishUS,
  guild_locale: Locale.EnglishUS,
  entitlements: [],
  authorizing_integration_owners: {},
  context: InteractionContextType.Guild,
  attachment_size_limit: 10_485_760,
});

/** A `/talks ...` slash command typed in a guild text channel. Each call gets a fresh id and token. */
export function slashCommand(
  applicationId: string,
  options: APIApplicationCommandInteractionDataOption[],
  { permissions = PLAIN_MEMBER, userId = '600000000000000001', guildId = GUILD_ID, channelId = CHANNEL_ID } = {},
): APIChatInputApplicationCommandGuildInteraction {
  const n = ++counter;
  return {
    ...base(applicationId, permissions, userId, guildId, channelId),
    id: String(500000000000000000n + BigInt(n)),
    token: `interaction-token-${n}`,
    type: InteractionType.ApplicationCommand,
    data: { id: '400000000000000001', name: 'talks', type: ApplicationCommandType.ChatInput, options },
  };
}

/** The user typing into an autocompleted option: `focused` names the option. */
export function autocomplete(
  applicationId: string,
  path: string[],
  values: Record<string, string>,
  focused: string,
): APIApplicationCommandAutocompleteGuildInteraction {
  const n = ++counter;
  const options = commandOptions(path, values);
  const focus = (list: APIApplicationCommandInteractionDataOption[]): void => {
    for (const option of list) {
      if ('options' in option && option.options) focus(option.options as APIApplicationCommandInteractionDataOption[]);
      if (option.name === focused && option.type === ApplicationCommandOptionType.String) Object.assign(option, { focused: true });
    }
  };
  focus(options);
  return {
    ...base(applicationId, PLAIN_MEMBER, '600000000000000001'),
    id: String(500000000000000000n + BigInt(n)),
    token: `autocomplete-token-${n}`,
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { id: '400000000000000001', name: 'talks', type: ApplicationCommandType.ChatInput, options },
  };
}
