package dev.vortex.server.realtime;

import dev.vortex.server.config.ResolvedConfigCache;
import dev.vortex.server.realtime.protocol.ServerMessages;
import dev.vortex.server.security.ConnectionAuthorizer;
import java.time.Clock;

/** What every session shares: created once per server. */
record SessionDependencies(
        RealtimeSettings settings,
        Clock clock,
        ResolvedConfigCache cache,
        ConfigHistory history,
        RemoteVersions remoteVersions,
        SharedFrames frames,
        ServerMessages messages,
        RealtimeMetrics metrics,
        ConnectionRegistry registry,
        PatternKeys patternKeys,
        ChangeRecorder changes,
        ConnectionAuthorizer authorizer) {}
