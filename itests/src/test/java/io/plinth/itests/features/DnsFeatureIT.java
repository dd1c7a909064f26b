package io.plinth.itests.features;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DnsFeatureIT extends FeatureAloneTestBase {

    @Override
    protected String feature() {
        return "plinth-dns";
    }
}
