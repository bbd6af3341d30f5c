package dev.vortex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeapHistogramTest {
    private static final String BEFORE = """
            1234:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         50000        4000000  [B (java.base@17.0.15)
               2:          1000          64000  io.netty.channel.DefaultChannelHandlerContext
               3:            10            240  java.lang.Object (java.base@17.0.15)
            Total         51010        4064240
            """;

    private static final String AFTER = """
            1234:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         51000        4048000  [B (java.base@17.0.15)
               2:          2000         128000  io.netty.channel.DefaultChannelHandlerContext
               3:          1000         136000  io.netty.channel.epoll.EpollSocketChannel
               4:            12            288  java.lang.Object (java.base@17.0.15)
               5:             5            120  dev.vortex.Twin
               6:             5            120  dev.vortex.Twin
            Total         54022        4312528
            """;

    @Test
    void perConnection_isTheDifferenceDividedByTheConnections_mostBytesFirst() {
        HeapHistogram.Difference difference =
                HeapHistogram.parse(AFTER).perConnection(HeapHistogram.parse(BEFORE), 1000, 1);

        assertThat(difference.rows())
                .extracting(HeapHistogram.Row::className)
                .containsExactly(
                        "io.netty.channel.epoll.EpollSocketChannel",
                        "io.netty.channel.DefaultChannelHandlerContext",
                        "[B");
        HeapHistogram.Row channel = difference.rows().get(0);
        assertThat(channel.instancesPerConnection()).isEqualTo(1.0);
        assertThat(channel.bytesPerConnection()).isEqualTo(136.0);
        assertThat(difference.rows().get(2).bytesPerConnection()).isEqualTo(48.0);
        // Object (+48 B) and Twin (listed twice, as by two class loaders: +240 B) are under 1 B per connection.
        assertThat(difference.otherBytesPerConnection()).isCloseTo(0.288, within(1e-9));
        assertThat(difference.totalBytesPerConnection()).isCloseTo(248.288, within(1e-9));
    }

    @Test
    void aClassListedTwice_isSummed() {
        assertThat(HeapHistogram.parse(AFTER).count("dev.vortex.Twin")).isEqualTo(new HeapHistogram.Count(10, 240));
    }

    @Test
    void somethingElseThanAHistogram_isRefusedWithWhatItWas() {
        assertThatThrownBy(() -> HeapHistogram.parse("1234:\nCould not attach to 1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Could not attach to 1234");
    }

    @Test
    void noConnections_isRefused() {
        HeapHistogram histogram = HeapHistogram.parse(AFTER);

        assertThatThrownBy(() -> histogram.perConnection(histogram, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");
    }
}
