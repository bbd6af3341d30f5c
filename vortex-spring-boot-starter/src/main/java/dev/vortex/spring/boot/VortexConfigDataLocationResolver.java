package dev.vortex.spring.boot;

import java.util.List;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.Profiles;

/**
 * Resolves {@code spring.config.import=vortex:http://host:8888} (and {@code optional:vortex:}, and several URLs
 * separated by commas). Like Spring Cloud Config's {@code configserver:} resolver it resolves in the profile-specific
 * phase only, because the key it reads includes the active profiles.
 */
public class VortexConfigDataLocationResolver implements ConfigDataLocationResolver<VortexConfigDataResource> {

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(VortexImportSettings.PREFIX);
    }

    @Override
    public List<VortexConfigDataResource> resolve(
            ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return List.of();
    }

    @Override
    public List<VortexConfigDataResource> resolveProfileSpecific(
            ConfigDataLocationResolverContext context, ConfigDataLocation location, Profiles profiles) {
        VortexImportSettings settings = VortexImportSettings.of(location.getValue(), context.getBinder(), profiles);
        return List.of(new VortexConfigDataResource(settings, location.isOptional()));
    }
}
