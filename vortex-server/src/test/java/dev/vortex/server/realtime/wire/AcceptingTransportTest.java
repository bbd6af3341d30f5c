package dev.vortex.server.realtime.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.spi.transport.Transport;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transport wrapper passes every method of Vert.x's transport SPI on to the chosen transport. A method left to
 * the SPI's default body would silently replace what epoll or the JDK's transport does there; when a Vert.x update
 * adds one, this fails until it is passed on too. (That the wrapper admits connections is the servers' tests'
 * business: ConnectionLimitsTest, TlsTest.)
 */
class AcceptingTransportTest {
    @Test
    void everyMethodOfTheTransportSpi_isPassedOn() {
        List<String> leftToTheDefault = Arrays.stream(Transport.class.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()))
                .filter(method -> !declaredBy(AcceptingTransport.class, method))
                .map(Method::toString)
                .toList();

        assertThat(leftToTheDefault).isEmpty();
    }

    private static boolean declaredBy(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
