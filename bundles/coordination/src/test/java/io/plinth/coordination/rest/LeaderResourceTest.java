package io.plinth.coordination.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import io.plinth.rest.api.ApiException;

class LeaderResourceTest {

    private final LeaderInfo marathon = new LeaderInfo("marathon", "id-1", "master-1", "10.0.0.1", 8080, "0.1.0");

    private final LeaderResource resource = new LeaderResource(new LeaderDetector() {
        @Override
        public Optional<LeaderInfo> leader(String group) {
            return group.equals("marathon") ? Optional.of(marathon) : Optional.empty();
        }

        @Override
        public Map<String, LeaderInfo> leaders() {
            return Map.of("marathon", marathon);
        }

        @Override
        public Registration watch(String group, Consumer<Optional<LeaderInfo>> listener) {
            throw new UnsupportedOperationException();
        }
    });

    @Test
    void answersLikeMarathonWithTheParticipantsDetails() {
        assertEquals(new LeaderResource.Leader("10.0.0.1:8080", "id-1", "master-1", "10.0.0.1", 8080, "0.1.0"),
                resource.leader("marathon"));
    }

    @Test
    void aGroupWithoutLeaderIsNotFound() {
        ApiException e = assertThrows(ApiException.class, () -> resource.leader("metronome"));
        assertEquals(404, e.status());
        assertEquals("There is no leader for group 'metronome'", e.getMessage());
    }
}
